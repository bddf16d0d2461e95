using AccountRoles = Cohortly.Accounts.Roles;
using Cohortly.Analytics;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;
using Microsoft.FeatureManagement;

namespace Cohortly.Frontend.Analytics;

public sealed record AtRiskCardItem(string BootcampId, string BootcampTitle, string StudentId, string DisplayName, int Score, IReadOnlyList<string> Reasons);

public sealed record AtRiskCard(int Total, IReadOnlyList<AtRiskCardItem> Students);

/// <summary>An instructor's or mentor's students at risk across the bootcamps they teach, highest score first.</summary>
public sealed class AtRiskHomeCard() : HomeCard<AtRiskCard>("analytics.at-risk", 240, AccountRoles.Instructor, AccountRoles.Mentor)
{
    private const int Shown = 5;

    public override async Task<AtRiskCard?> BuildAsync(CallerContext context)
    {
        if (!await context.Http.RequestServices.GetRequiredService<IFeatureManager>().IsEnabledAsync(AnalyticsSetup.Flag))
        {
            return null;
        }
        var mine = await context.Grain<IBootcampReaderGrain>(IBootcampReaderGrain.Key).ListMineAsync(context.Caller);
        var taught = mine.Where(m => m.Role is MemberRole.Instructor or MemberRole.Mentor).ToList();
        if (taught.Count == 0)
        {
            return null;
        }
        var dashboards = await Task.WhenAll(taught.Select(m => context.Grain<IBootcampAnalyticsGrain>(m.Bootcamp.BootcampId).GetDashboardAsync(context.Caller)));
        var students = taught.Zip(dashboards)
            .SelectMany(pair => pair.Second.AtRisk.Select(s => new AtRiskCardItem(pair.First.Bootcamp.BootcampId, pair.First.Bootcamp.Details.Title,
                s.StudentId, s.DisplayName, s.Score, s.Reasons)))
            .OrderByDescending(s => s.Score).ThenBy(s => s.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        return new AtRiskCard(students.Count, [.. students.Take(Shown)]);
    }
}
