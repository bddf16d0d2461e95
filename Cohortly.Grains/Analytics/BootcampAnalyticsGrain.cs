using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;
using Cohortly.Notifications;
using Cohortly.Payments;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Cohortly.Analytics;

/// <summary>What the projection knows of one student of the bootcamp (withdrawn ones stay, for the history).</summary>
[GenerateSerializer, Alias("cohortly.analytics.student-facts")]
public sealed class StudentFacts
{
    [Id(0)] public DateTimeOffset EnrolledAt { get; set; }

    [Id(1)] public bool Enrolled { get; set; }

    /// <summary>When the enrollment or withdrawal that set <see cref="Enrolled"/> happened: an older one arriving late changes nothing.</summary>
    [Id(2)] public DateTimeOffset StatusAt { get; set; }

    [Id(3)] public DateTimeOffset? LastActiveAt { get; set; }
}

/// <summary>One student's work on one assignment: the latest version, the latest grade, any extension.</summary>
[GenerateSerializer, Alias("cohortly.analytics.work-facts")]
public sealed class WorkFacts
{
    [Id(0)] public int LatestVersion { get; set; }

    [Id(1)] public bool Late { get; set; }

    [Id(2)] public decimal? ScorePercent { get; set; }

    [Id(3)] public DateTimeOffset? GradedAt { get; set; }

    [Id(4)] public DateTimeOffset? ExtendedDueAt { get; set; }

    [Id(5)] public DateTimeOffset? ExtendedAt { get; set; }
}

[GenerateSerializer, Alias("cohortly.analytics.bootcamp-analytics-state")]
public sealed class BootcampAnalyticsState
{
    [Id(0)] public string TimeZone { get; set; } = AnalyticsRules.DefaultTimeZone;

    [Id(1)] public Dictionary<string, StudentFacts> Students { get; set; } = [];

    /// <summary>Keyed <c>{assignmentId}/{studentId}</c>.</summary>
    [Id(2)] public Dictionary<string, WorkFacts> Work { get; set; } = [];

    /// <summary>Per local day, who was active (students and staff alike; the dashboard counts students).</summary>
    [Id(3)] public Dictionary<DateOnly, HashSet<string>> ActiveByDay { get; set; } = [];

    /// <summary>The ids of the latest events applied, oldest first, at most <see cref="BootcampAnalyticsGrain.SeenWindow"/>.</summary>
    [Id(4)] public List<string> RecentEventIds { get; set; } = [];

    /// <summary>Built from the source grains at least once: a bootcamp older than its projection starts from its history, not from zero.</summary>
    [Id(5)] public bool Built { get; set; }

    /// <summary>The bootcamp whose headline figures the dashboard shows beside this one's, when staff named one.</summary>
    [Id(6)] public string? PreviousBootcampId { get; set; }

    // Work by student and then assignment, in memory only (no [Id]): the dashboard looks up every enrolled student's work on
    // every assignment, and building the "{assignmentId}/{studentId}" key for each of 5,000 x 200 pairs cost a million
    // string allocations per read. Work entries are only ever added (a rebuild makes a new state), so the count says
    // whether the index is current.
    [NonSerialized] private Dictionary<string, Dictionary<string, WorkFacts>>? _workByStudent;
    [NonSerialized] private int _indexedWork;

    /// <summary>The student's work on the assignment, created empty when there is none yet.</summary>
    public WorkFacts WorkOf(string assignmentId, string studentId)
    {
        var key = ISubmissionGrain.KeyOf(assignmentId, studentId);
        if (!Work.TryGetValue(key, out var work))
        {
            Work[key] = work = new WorkFacts();
        }
        return work;
    }

    /// <summary>Each student's work keyed by assignment id (students with no work are absent).</summary>
    public IReadOnlyDictionary<string, Dictionary<string, WorkFacts>> WorkByStudent()
    {
        if (_workByStudent is null || _indexedWork != Work.Count)
        {
            _workByStudent = [];
            foreach (var (key, work) in Work)
            {
                var slash = key.IndexOf('/', StringComparison.Ordinal);
                var studentId = key[(slash + 1)..];
                if (!_workByStudent.TryGetValue(studentId, out var byAssignment))
                {
                    _workByStudent[studentId] = byAssignment = [];
                }
                byAssignment[key[..slash]] = work;
            }
            _indexedWork = Work.Count;
        }
        return _workByStudent;
    }

    /// <summary>The user was active at that moment: on that local day, and as a student their latest activity.</summary>
    public void MarkActive(string userId, DateTimeOffset at, TimeZoneInfo zone)
    {
        var day = AnalyticsRules.LocalDay(at, zone);
        if (!ActiveByDay.TryGetValue(day, out var users))
        {
            ActiveByDay[day] = users = [];
        }
        users.Add(userId);
        if (Students.TryGetValue(userId, out var student) && (student.LastActiveAt is null || at > student.LastActiveAt))
        {
            student.LastActiveAt = at;
        }
    }
}

/// <summary>
/// A bootcamp's analytics projection. It consumes the bootcamp's durable event stream (implicit subscription) and keeps
/// facts per student and per piece of work, not running counters: every event is an upsert guarded by its own time or
/// version (a re-grade replaces the grade, a withdrawal ends the enrollment, an old event arriving late loses), so applying
/// one twice, or out of order, gives the same state. The bounded window of recent event ids only spares the write of a
/// redelivery; correctness does not rest on it. The figures are computed from the facts when read, against the assignments
/// as their grains say now (a due date moved counts at once). Each change is pushed to live watchers, coalesced to one
/// push per changed figure per second.
/// </summary>
[ImplicitStreamSubscription(EventStreams.Bootcamp)]
[GrainType("bootcampanalytics")]
public sealed partial class BootcampAnalyticsGrain(
    [PersistentState("bootcamp-analytics", StorageNames.Cohortly)] IPersistentState<BootcampAnalyticsState> state,
    TimeProvider time,
    ILogger<BootcampAnalyticsGrain> logger) : Grain, IBootcampAnalyticsGrain, IStreamSubscriptionObserver
{
    /// <summary>
    /// Redeliveries come from a stream queue's retry or an outbox's re-publish a minute or so later, while the bootcamp's
    /// other events keep coming; 4,096 ids is minutes of a busy bootcamp's events and 160 KB of state.
    /// </summary>
    public const int SeenWindow = 4096;

    private static readonly TimeSpan PushDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Applied events reach storage at most this long later, together. Writing the whole state per event was the projection's
    /// limit: at 5,000 students x 200 assignments one write is tens of megabytes (benchmarks/README.md, Analytics). Nothing is
    /// lost by waiting: a publisher keeps each event in its outbox for at least a full republish period (a minute) and hands
    /// it on again when a silo leaves the cluster, which is how a crash of this grain's silo shows; a graceful deactivation
    /// writes at once.
    /// </summary>
    private static readonly TimeSpan FlushDelay = TimeSpan.FromSeconds(2);

    /// <summary>A dashboard computed this recently, from the same facts and assignments, is served again (the live pushes are no fresher).</summary>
    private static readonly TimeSpan FiguresMaxAge = TimeSpan.FromSeconds(1);

    /// <summary>Who the projection is to the source grains it reads when rebuilding: an admin.</summary>
    private static readonly Caller Rebuilder = new("analytics", "Analytics", [Roles.Admin]);

    private HashSet<string> _seen = [];
    private IDisposable? _pushTimer;
    private IDisposable? _flushTimer;
    private bool _unsaved;
    // Counts changes to the facts, so a cached dashboard knows whether it was computed from the current ones.
    private long _factsVersion;
    private CachedDashboard? _cached;
    private Dictionary<string, decimal?> _pushed = [];
    private readonly Dictionary<string, DateOnly> _platformActivity = [];
    private decimal? _reportedCompletion;

    private string BootcampId => this.GetPrimaryKeyString();

    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(state.State.TimeZone);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _seen = [.. state.State.RecentEventIds];
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _flushTimer?.Dispose();
        if (_unsaved)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync(OnEventAsync);

    public async Task<BootcampDashboard> GetDashboardAsync(Caller caller)
    {
        await RequireReaderAsync(caller);
        await EnsureBuiltAsync();
        var dashboard = await ComputeAsync();
        return state.State.PreviousBootcampId is { } previous
            ? dashboard with { PreviousCohort = await GrainFactory.GetGrain<IBootcampAnalyticsGrain>(previous).GetHeadlineAsync() }
            : dashboard;
    }

    public async Task<CohortHeadline> GetHeadlineAsync()
    {
        var bootcamp = await GrainFactory.RequireBootcampAsync(BootcampId);
        await EnsureBuiltAsync();
        var dashboard = await ComputeAsync();
        return new CohortHeadline(BootcampId, bootcamp.Details.Title, dashboard.Enrolled, dashboard.CompletionRate, dashboard.AverageScorePercent, dashboard.Submissions);
    }

    public async Task SetPreviousCohortAsync(Caller caller, string? previousBootcampId)
    {
        await RequireReaderAsync(caller);
        if (previousBootcampId is not null)
        {
            if (previousBootcampId == BootcampId)
            {
                throw DomainException.Validation("previousBootcampId", "A cohort cannot be its own previous cohort.");
            }
            var previous = await GrainFactory.GetGrain<IBootcampGrain>(previousBootcampId).GetAsync()
                ?? throw DomainException.Validation("previousBootcampId", "There is no bootcamp with this id.");
            if (!caller.IsAdmin && previous.StaffRoleOf(caller.UserId) == MemberRole.None)
            {
                throw DomainException.Forbidden("Only staff of both bootcamps (or an admin) can compare them.");
            }
        }
        if (state.State.PreviousBootcampId == previousBootcampId)
        {
            return;
        }
        state.State.PreviousBootcampId = previousBootcampId;
        await state.WriteStateAsync();
        _unsaved = false;
    }

    public Task RequireWatcherAsync(Caller caller) => RequireReaderAsync(caller);

    public async Task RebuildAsync(Caller caller)
    {
        if (!caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only admins can rebuild a bootcamp's analytics.");
        }
        await GrainFactory.RequireBootcampAsync(BootcampId);
        await RebuildFromSourcesAsync(state.State.TimeZone);
    }

    public async Task SetTimeZoneAsync(Caller caller, string timeZone)
    {
        await RequireReaderAsync(caller);
        if (!AnalyticsRules.IsKnownTimeZone(timeZone))
        {
            throw DomainException.Validation("timeZone", AnalyticsRules.UnknownTimeZone);
        }
        if (timeZone == state.State.TimeZone)
        {
            return;
        }
        // The day buckets are kept per local day, so another zone means recomputing them from the sources; the zone
        // changes with the recomputed facts, never before them.
        await RebuildFromSourcesAsync(timeZone);
    }

    /// <summary>
    /// The first read or event of a projection that was never built builds it from the sources, so bootcamps that existed
    /// before analytics (or before their projection's first event) show their whole history without an admin's rebuild.
    /// </summary>
    private async Task EnsureBuiltAsync()
    {
        if (!state.State.Built)
        {
            await RebuildFromSourcesAsync(state.State.TimeZone);
        }
    }

    private async Task RequireReaderAsync(Caller caller) =>
        await GrainFactory.RequireStaffAsync(caller, BootcampId, "Only the bootcamp's staff and admins can see its analytics.");

    private async Task OnEventAsync(DomainEvent domainEvent, StreamSequenceToken? token)
    {
        if (domainEvent is AnalyticsChanged || _seen.Contains(domainEvent.EventId))
        {
            return;
        }
        await EnsureBuiltAsync();
        var changed = Apply(domainEvent);
        await ForwardToPlatformAsync(domainEvent);
        if (!changed)
        {
            return;
        }
        Remember(domainEvent.EventId);
        _factsVersion++;
        _unsaved = true;
        _flushTimer ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushDelay, Timeout.InfiniteTimeSpan));
        SchedulePush();
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        _flushTimer?.Dispose();
        _flushTimer = null;
        if (!_unsaved)
        {
            return;
        }
        try
        {
            _unsaved = false;
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception failure)
        {
            // The facts stay in memory and the next flush tries again: deactivating would drop events the stream has
            // already handed over.
            _unsaved = true;
            _flushTimer = this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushDelay, Timeout.InfiniteTimeSpan));
            logger.LogWarning(failure, "Could not store the analytics of bootcamp {BootcampId}; trying again", BootcampId);
        }
    }

    /// <summary>Applies one event to the facts; false when it is not one the projection keeps.</summary>
    private bool Apply(DomainEvent domainEvent)
    {
        switch (domainEvent)
        {
            case EnrollmentConfirmed enrolled:
                var student = StudentOf(enrolled.UserId);
                if (enrolled.OccurredAt >= student.StatusAt)
                {
                    (student.Enrolled, student.EnrolledAt, student.StatusAt) = (true, enrolled.OccurredAt, enrolled.OccurredAt);
                }
                return true;
            case EnrollmentWithdrawn withdrawn:
                var leaving = StudentOf(withdrawn.UserId);
                if (withdrawn.OccurredAt >= leaving.StatusAt)
                {
                    (leaving.Enrolled, leaving.StatusAt) = (false, withdrawn.OccurredAt);
                }
                return true;
            case SubmissionCreated submitted:
                var work = WorkOf(submitted.AssignmentId, submitted.StudentId);
                if (submitted.Version > work.LatestVersion)
                {
                    (work.LatestVersion, work.Late) = (submitted.Version, submitted.Late);
                }
                state.State.MarkActive(submitted.StudentId, submitted.OccurredAt, Zone);
                return true;
            case GradePublished graded:
                var gradedWork = WorkOf(graded.AssignmentId, graded.StudentId);
                if (gradedWork.GradedAt is null || graded.OccurredAt >= gradedWork.GradedAt)
                {
                    (gradedWork.ScorePercent, gradedWork.GradedAt) = (AnalyticsRules.Percent(graded.PublishedScore, graded.MaxScore), graded.OccurredAt);
                }
                return true;
            case ExtensionGranted extension:
                var extended = WorkOf(extension.AssignmentId, extension.StudentId);
                if (extended.ExtendedAt is null || extension.OccurredAt >= extended.ExtendedAt)
                {
                    (extended.ExtendedDueAt, extended.ExtendedAt) = (extension.DueAt, extension.OccurredAt);
                }
                return true;
            case ChatMessagePosted posted:
                state.State.MarkActive(posted.Message.FromUserId, posted.Message.SentAt, Zone);
                return true;
            case AssignmentCreated:
                // Nothing to store (assignments are read from their grains), but the figures change: one more is due.
                return true;
            default:
                return false;
        }
    }

    private StudentFacts StudentOf(string userId)
    {
        if (!state.State.Students.TryGetValue(userId, out var student))
        {
            state.State.Students[userId] = student = new StudentFacts { StatusAt = DateTimeOffset.MinValue };
        }
        return student;
    }

    private WorkFacts WorkOf(string assignmentId, string studentId) => state.State.WorkOf(assignmentId, studentId);

    private void Remember(string eventId)
    {
        _seen.Add(eventId);
        state.State.RecentEventIds.Add(eventId);
        if (state.State.RecentEventIds.Count > SeenWindow)
        {
            var dropped = state.State.RecentEventIds.Count - SeenWindow;
            foreach (var old in state.State.RecentEventIds.Take(dropped))
            {
                _seen.Remove(old);
            }
            state.State.RecentEventIds.RemoveRange(0, dropped);
        }
    }

    /// <summary>
    /// The platform view's months hear of enrollments, payments, refunds and activity from here. Each record there is keyed
    /// by its source's id, so a redelivery is harmless; activity goes once per user and day of this activation.
    /// </summary>
    private async Task ForwardToPlatformAsync(DomainEvent domainEvent)
    {
        var month = AnalyticsRules.MonthOf(domainEvent.OccurredAt);
        var monthGrain = GrainFactory.GetGrain<IPlatformMonthGrain>(month);
        switch (domainEvent)
        {
            case EnrollmentConfirmed enrolled:
                await monthGrain.RecordEnrollmentAsync($"{BootcampId}/{enrolled.UserId}");
                break;
            case PaymentSucceeded paid:
                await monthGrain.RecordPaymentAsync(paid.PaymentId, paid.Currency, paid.TotalMinor + paid.DiscountMinor, paid.DiscountMinor);
                break;
            case PaymentRefunded refunded:
                await monthGrain.RecordRefundAsync(refunded.RefundId, refunded.Currency, refunded.AmountMinor);
                break;
            case SubmissionCreated submitted:
                await ForwardActivityAsync(monthGrain, submitted.StudentId, submitted.OccurredAt);
                break;
            case ChatMessagePosted posted:
                await ForwardActivityAsync(monthGrain, posted.Message.FromUserId, posted.Message.SentAt);
                break;
            default:
                return;
        }
    }

    private async Task ForwardActivityAsync(IPlatformMonthGrain monthGrain, string userId, DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        if (_platformActivity.TryGetValue(userId, out var last) && last >= day)
        {
            return;
        }
        await monthGrain.RecordActivityAsync(userId, at);
        _platformActivity[userId] = day;
    }

    private void SchedulePush() =>
        _pushTimer ??= this.RegisterGrainTimer(PushAsync, new GrainTimerCreationOptions(PushDelay, Timeout.InfiniteTimeSpan));

    /// <summary>Puts each headline figure that changed since the last push on the bootcamp's stream, and the completion rate in the platform index.</summary>
    private async Task PushAsync(CancellationToken cancellationToken)
    {
        _pushTimer?.Dispose();
        _pushTimer = null;
        try
        {
            var dashboard = await ComputeAsync();
            var figures = new Dictionary<string, decimal?>
            {
                ["enrolled"] = dashboard.Enrolled,
                ["active"] = dashboard.Active,
                ["completionRate"] = dashboard.CompletionRate,
                ["averageScorePercent"] = dashboard.AverageScorePercent,
                ["submissions.onTime"] = dashboard.Submissions.OnTime,
                ["submissions.late"] = dashboard.Submissions.Late,
                ["submissions.missing"] = dashboard.Submissions.Missing,
                ["atRisk"] = dashboard.AtRisk.Length,
                ["enrollmentsToday"] = dashboard.EnrollmentsByDay.LastOrDefault(d => d.Date == AnalyticsRules.LocalDay(dashboard.ComputedAt, Zone))?.Count ?? 0,
                ["activeToday"] = dashboard.ActiveStudentsByDay.LastOrDefault(d => d.Date == AnalyticsRules.LocalDay(dashboard.ComputedAt, Zone))?.Count ?? 0,
            };
            foreach (var (metric, value) in figures)
            {
                if (!_pushed.TryGetValue(metric, out var before) || before != value)
                {
                    await this.PublishAsync(new AnalyticsChanged(DomainEventPublisher.NewEventId(), dashboard.ComputedAt, BootcampId, metric, value));
                }
            }
            _pushed = figures;
            if (_reportedCompletion != dashboard.CompletionRate && await GrainFactory.GetGrain<IBootcampGrain>(BootcampId).GetAsync() is { } bootcamp)
            {
                await GrainFactory.GetGrain<IPlatformIndexGrain>(IPlatformIndexGrain.Key)
                    .SetCompletionAsync(new BootcampCompletion(BootcampId, bootcamp.Details.Title, dashboard.CompletionRate));
                _reportedCompletion = dashboard.CompletionRate;
            }
        }
        catch (Exception failure)
        {
            // Live pushes are a convenience: the dashboard read is exact whatever happens here.
            logger.LogWarning(failure, "Could not push the analytics of bootcamp {BootcampId}", BootcampId);
        }
    }

    private async Task<BootcampDashboard> ComputeAsync()
    {
        var assignments = await GrainFactory.ListAssignmentsAsync(BootcampId);
        var now = time.GetUtcNow();
        // What the figures read of the assignments: a moved due date or a new title is a different dashboard.
        var shape = assignments.Select(a => (a.AssignmentId, a.Details.Title, a.Details.DueAt)).ToImmutableArray();
        if (_cached is { } cached && cached.FactsVersion == _factsVersion && cached.Assignments.SequenceEqual(shape)
            && now >= cached.Dashboard.ComputedAt && now - cached.Dashboard.ComputedAt < FiguresMaxAge)
        {
            return cached.Dashboard;
        }
        var dashboard = BootcampFigures.Compute(BootcampId, state.State, assignments, now, Zone);
        // Display names come from the user grains, only for the students listed.
        var profiles = await Task.WhenAll(dashboard.AtRisk.Select(s => GrainFactory.GetGrain<IUserGrain>(s.StudentId).GetProfileAsync()));
        dashboard = dashboard with
        {
            AtRisk = [.. dashboard.AtRisk.Select((s, i) => s with { DisplayName = profiles[i]?.DisplayName ?? s.StudentId })],
        };
        _cached = new CachedDashboard(_factsVersion, shape, dashboard);
        return dashboard;
    }

    private sealed record CachedDashboard(long FactsVersion, ImmutableArray<(string AssignmentId, string Title, DateTimeOffset DueAt)> Assignments, BootcampDashboard Dashboard);

    /// <summary>
    /// Throws the facts away and reads them again from the truth: the roster (every student who ever enrolled, with their
    /// status), each student's submission grain per assignment (latest version, lateness, grade, extension, and every
    /// version's time for activity) and the chat history. Events that arrive meanwhile queue behind this call (the grain is
    /// not reentrant) and then apply as the upserts they are, so nothing is counted twice.
    /// </summary>
    private async Task RebuildFromSourcesAsync(string timeZone)
    {
        var now = time.GetUtcNow();
        var rebuilt = new BootcampAnalyticsState
        {
            TimeZone = timeZone, RecentEventIds = state.State.RecentEventIds, Built = true, PreviousBootcampId = state.State.PreviousBootcampId,
        };
        var zone = TimeZoneInfo.FindSystemTimeZoneById(rebuilt.TimeZone);
        var census = await GrainFactory.GetGrain<IBootcampGrain>(BootcampId).GetSeatCensusAsync();
        var roster = await SlotPages.ReadAllAsync(census.RosterLength, IRosterPageGrain.Size,
            page => GrainFactory.GetGrain<IRosterPageGrain>(IRosterPageGrain.KeyOf(BootcampId, page)).GetEntriesAsync());
        foreach (var entry in roster)
        {
            // A withdrawal's time is not on the roster: "now" keeps any older event about this enrollment from undoing it.
            var enrolled = entry.Status == EnrollmentStatus.Active;
            rebuilt.Students[entry.UserId] = new StudentFacts
            {
                EnrolledAt = entry.EnrolledAt,
                Enrolled = enrolled,
                StatusAt = enrolled ? entry.EnrolledAt : now,
            };
        }
        var assignments = await GrainFactory.ListAssignmentsAsync(BootcampId);
        foreach (var chunk in rebuilt.Students.Keys.ToList().Chunk(IRosterPageGrain.Size))
        {
            var pieces = await Task.WhenAll(chunk.SelectMany(studentId => assignments.Select(async assignment =>
            {
                var submission = GrainFactory.GetGrain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignment.AssignmentId, studentId));
                var summary = await submission.GetSummaryAsync(Rebuilder);
                var times = new List<DateTimeOffset>();
                if (summary is { LatestVersion: > 0 })
                {
                    for (var page = 1; ; page++)
                    {
                        var versions = await submission.ListVersionsAsync(Rebuilder, page, 100);
                        times.AddRange(versions.Items.Select(v => v.SubmittedAt));
                        if (versions.Items.Length == 0 || page * 100 >= versions.Total)
                        {
                            break;
                        }
                    }
                }
                return (studentId, assignment.AssignmentId, summary, times);
            })));
            foreach (var (studentId, assignmentId, summary, times) in pieces)
            {
                if (summary is null)
                {
                    continue;
                }
                rebuilt.Work[ISubmissionGrain.KeyOf(assignmentId, studentId)] = new WorkFacts
                {
                    LatestVersion = summary.LatestVersion,
                    Late = summary.LatestVersion > 0 && summary.Late,
                    ScorePercent = summary.Grade is { } grade ? AnalyticsRules.Percent(grade.PublishedScore, grade.MaxScore) : null,
                    GradedAt = summary.Grade?.GradedAt,
                    ExtendedDueAt = summary.ExtendedDueAt,
                    ExtendedAt = summary.ExtendedDueAt is null ? null : now,
                };
                foreach (var at in times)
                {
                    rebuilt.MarkActive(studentId, at, zone);
                }
            }
        }
        var chat = GrainFactory.GetGrain<IChatRoomGrain>(BootcampId);
        long? before = null;
        while (await chat.HistoryAsync(Rebuilder, before, null, IChatPageGrain.Size) is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                rebuilt.MarkActive(message.FromUserId, message.SentAt, zone);
            }
            before = messages[0].Sequence;
        }
        state.State = rebuilt;
        _factsVersion++;
        await state.WriteStateAsync();
        _unsaved = false;
        logger.LogInformation("Rebuilt the analytics of bootcamp {BootcampId}: {Students} students, {Work} pieces of work", BootcampId, rebuilt.Students.Count, rebuilt.Work.Count);
        SchedulePush();
    }
}
