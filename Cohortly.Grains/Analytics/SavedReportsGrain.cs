using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Common;
using Cohortly.Email;
using Cohortly.Integrations.Reports;
using Microsoft.Extensions.Logging;

namespace Cohortly.Analytics;

[GenerateSerializer, Alias("cohortly.analytics.saved-reports-state")]
public sealed class SavedReportsState
{
    [Id(0)] public List<SavedReport> Reports { get; set; } = [];
}

/// <summary>
/// A user's saved reports and their weekly emails. The reminder (it survives restarts) ticks weekly while the user has a
/// saved report; each tick runs every report as the user is now (a lost staff role means a refusal, and no email) and puts
/// its email in the durable outbox under <c>saved-report/{user}/{report}/{ISO week}</c>, so a tick repeated in the same
/// week, or a "send now" before it, sends nothing twice.
/// </summary>
[GrainType("savedreports")]
public sealed class SavedReportsGrain(
    [PersistentState("saved-reports", StorageNames.Cohortly)] IPersistentState<SavedReportsState> state,
    TimeProvider time,
    ILogger<SavedReportsGrain> logger) : Grain, ISavedReportsGrain, IRemindable
{
    private const string WeeklyReminder = "saved-reports-weekly";
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private string UserId => this.GetPrimaryKeyString();

    public async Task<SavedReport> SaveAsync(Caller caller, string name, ReportQuery query)
    {
        RequireOwner(caller);
        name = name.Trim();
        if (name.Length is 0 or > ReportsRules.MaxSavedReportName)
        {
            throw DomainException.Validation("name", $"Give the report a name of at most {ReportsRules.MaxSavedReportName} characters.");
        }
        if (state.State.Reports.Count >= ReportsRules.MaxSavedReports)
        {
            throw DomainException.Validation("name", $"You can keep {ReportsRules.MaxSavedReports} saved reports: delete one first.");
        }
        // The same checks as running it: a report the caller may not see is not saved either.
        await GrainFactory.GetGrain<IReportRunGrain>(Guid.NewGuid().ToString("N")).OpenAsync(caller, query);
        var report = new SavedReport(Guid.NewGuid().ToString("N"), name, query, time.GetUtcNow());
        state.State.Reports.Add(report);
        await state.WriteStateAsync();
        if (await this.GetReminder(WeeklyReminder) is null)
        {
            await this.RegisterOrUpdateReminder(WeeklyReminder, Week, Week);
        }
        return report;
    }

    public Task<ImmutableArray<SavedReport>> ListAsync(Caller caller)
    {
        RequireOwner(caller);
        return Task.FromResult<ImmutableArray<SavedReport>>([.. state.State.Reports]);
    }

    public async Task DeleteAsync(Caller caller, string reportId)
    {
        RequireOwner(caller);
        if (state.State.Reports.RemoveAll(r => r.ReportId == reportId) == 0)
        {
            throw DomainException.NotFound("saved report");
        }
        await state.WriteStateAsync();
        if (state.State.Reports.Count == 0 && await this.GetReminder(WeeklyReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task SendNowAsync(Caller caller, string reportId)
    {
        RequireOwner(caller);
        var report = state.State.Reports.Find(r => r.ReportId == reportId) ?? throw DomainException.NotFound("saved report");
        await SendAsync(caller, report);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != WeeklyReminder)
        {
            return;
        }
        if (state.State.Reports.Count == 0 || await GrainFactory.GetGrain<IUserGrain>(UserId).GetProfileAsync() is not { } profile)
        {
            if (await this.GetReminder(WeeklyReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
            return;
        }
        var caller = new Caller(profile.UserId, profile.DisplayName, profile.Roles);
        foreach (var report in state.State.Reports.ToList())
        {
            try
            {
                await SendAsync(caller, report);
            }
            catch (DomainException refused)
            {
                // The user may no longer see it (a staff role taken away, a bootcamp deleted): no email, the report stays.
                logger.LogInformation("Saved report {ReportId} of {UserId} not sent: {Reason}", report.ReportId, UserId, refused.Message);
            }
        }
    }

    private async Task SendAsync(Caller caller, SavedReport report)
    {
        var week = ReportsRules.BucketOf(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), ReportsRules.ByWeek);
        var run = GrainFactory.GetGrain<IReportRunGrain>(Guid.NewGuid().ToString("N"));
        var columns = await run.OpenAsync(caller, report.Query);
        var rows = new List<ReportRow>();
        await foreach (var row in run.RowsAsync())
        {
            // An email attachment is held whole: as big as the PDF's limit, which the full report can exceed only by download.
            if (rows.Count == ReportsRules.PdfRowLimit)
            {
                break;
            }
            rows.Add(row);
        }
        using var csv = new MemoryStream();
        await ReportsCsv.WriteAsync(csv, columns, rows.ToAsyncEnumerable(), CancellationToken.None);
        await GrainFactory.GetGrain<IMailerGrain>(0).SendSavedReportAsync(new SavedReportEmail(
            $"saved-report/{UserId}/{report.ReportId}/{week}", UserId, report.Name, week, columns,
            [.. rows.Take(ReportsRules.EmailTableRows).Select(r => r.Keys.AddRange(r.Values.Select(ReportsPdf.Number)))],
            rows.Count, csv.ToArray()));
    }

    private void RequireOwner(Caller caller)
    {
        if (caller.UserId != UserId)
        {
            throw DomainException.Forbidden("Saved reports are their owner's alone.");
        }
    }
}
