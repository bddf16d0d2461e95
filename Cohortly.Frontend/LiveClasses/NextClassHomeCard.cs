using AccountRoles = Cohortly.Accounts.Roles;
using Cohortly.Bootcamps;
using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;
using Cohortly.LiveClasses;
using Microsoft.FeatureManagement;

namespace Cohortly.Frontend.LiveClasses;

/// <summary>The caller's next live classes (the one running now first), across their bootcamps.</summary>
public sealed record NextClassCard(IReadOnlyList<SessionResponse> Upcoming);

public sealed class NextClassHomeCard() : HomeCard<NextClassCard>("live-classes.next", 30, AccountRoles.Student, AccountRoles.Instructor, AccountRoles.Mentor)
{
    private const int Shown = 3;

    public override async Task<NextClassCard?> BuildAsync(CallerContext context)
    {
        var services = context.Http.RequestServices;
        if (!await services.GetRequiredService<IFeatureManager>().IsEnabledAsync(LiveClassesSetup.Flag))
        {
            return null;
        }
        // The memberships grain names the bootcamps the caller belongs to; each one's list is read without a second check.
        var memberships = await context.Grain<IUserMembershipsGrain>(context.Caller.UserId).ListAsync();
        var lists = await Task.WhenAll(memberships.Select(m => m.BootcampId).Distinct()
            .Select(bootcampId => context.Grain<IBootcampSessionsGrain>(bootcampId).PeekAsync()));
        var now = DateTimeOffset.UtcNow;
        var publicUrl = services.GetRequiredService<PublicUrl>().Base;
        var upcoming = lists.SelectMany(list => list)
            .Where(s => !s.Cancelled && s.Details.EndsAt > now)
            .OrderBy(s => s.Details.StartsAt)
            .Take(Shown)
            .Select(s => SessionResponse.From(s, publicUrl))
            .ToList();
        return upcoming.Count == 0 ? null : new NextClassCard(upcoming);
    }
}
