using System.Collections.Immutable;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;
using Cohortly.Files;

namespace Cohortly.Assignments;

[GenerateSerializer, Alias("cohortly.assignments.submission-state")]
public sealed class SubmissionState : IHoldsPendingEvents
{
    [Id(0)] public string StudentName { get; set; } = "";
    /// <summary>What lists need of each version; the versions themselves live in their own grains.</summary>
    [Id(1)] public List<SubmissionVersionMeta> Versions { get; set; } = [];
    [Id(2)] public Grade? Grade { get; set; }
    [Id(3)] public DateTimeOffset? ExtendedDueAt { get; set; }
    [Id(4)] public int? IndexSlot { get; set; }
    [Id(5)] public List<DomainEvent> PendingEvents { get; set; } = [];
    /// <summary>The latest version's request id, as stored before each version kept its own (<see cref="SubmissionVersionMeta.RequestId"/>).</summary>
    [Id(6)] public string? LatestRequestId { get; set; }
}

[GenerateSerializer, Immutable, Alias("cohortly.assignments.submission-version-meta")]
public sealed record SubmissionVersionMeta(
    [property: Id(0)] int Version,
    [property: Id(1)] DateTimeOffset SubmittedAt,
    [property: Id(2)] bool Late,
    [property: Id(3)] int DaysLate,
    [property: Id(4)] string? RequestId = null);

[GrainType("submission")]
public sealed class SubmissionGrain(
    [PersistentState("submission", StorageNames.Cohortly)] IPersistentState<SubmissionState> state,
    TimeProvider time) : Grain, ISubmissionGrain, IRemindable
{
    private readonly EventOutbox<SubmissionState> _events = new(state);

    private string AssignmentId => this.GetPrimaryKeyString().Split('/')[0];

    private string StudentId => this.GetPrimaryKeyString().Split('/')[1];

    public Task<SubmissionReceipt> SubmitAsync(Caller caller, string? text, IReadOnlyList<string> fileIds) =>
        SubmitVersionAsync(caller, null, text, fileIds);

    public Task<SubmissionReceipt> SubmitOnceAsync(Caller caller, string requestId, string? text, IReadOnlyList<string> fileIds)
    {
        // Any version, not only the latest: a retry can arrive after later submits when the key's stored answer was lost
        // (a silo died between answering and storing it), and must still be answered with the version it made.
        var made = state.State.Versions.FirstOrDefault(v => v.RequestId == requestId)
            ?? (state.State.LatestRequestId == requestId ? state.State.Versions.LastOrDefault() : null);
        if (caller.UserId == StudentId && made is not null)
        {
            return Task.FromResult(new SubmissionReceipt(made.Version, made.SubmittedAt, made.Late));
        }
        return SubmitVersionAsync(caller, requestId, text, fileIds);
    }

    private async Task<SubmissionReceipt> SubmitVersionAsync(Caller caller, string? requestId, string? text, IReadOnlyList<string> fileIds)
    {
        if (caller.UserId != StudentId)
        {
            throw DomainException.Forbidden("Students submit their own work only.");
        }
        var assignment = await RequireAssignmentAsync();
        if (await GrainFactory.RoleInAsync(assignment.BootcampId, StudentId) != MemberRole.Student)
        {
            throw DomainException.Forbidden("Only students enrolled in the bootcamp can submit.");
        }
        if (assignment.Closed)
        {
            throw DomainException.Conflict("assignment-closed", "The instructor has closed this assignment to submissions.");
        }
        if (string.IsNullOrWhiteSpace(text) && fileIds.Count == 0)
        {
            throw DomainException.Invalid("empty-submission", "A submission needs text or at least one file.");
        }
        var distinctFileIds = fileIds.Distinct(StringComparer.Ordinal).ToList();
        // Every file is checked before any is marked, so a refused submission changes nothing.
        await Task.WhenAll(distinctFileIds.Select(id => FileGrain(id).CheckAttachableAsync(StudentId, AssignmentId)));

        var now = time.GetUtcNow();
        var dueAt = state.State.ExtendedDueAt ?? assignment.Details.DueAt;
        var daysLate = AssignmentRules.DaysLate(now, dueAt);
        var version = state.State.Versions.Count + 1;
        // Files are kept as evidence before the version names them: a failure in between leaves a file
        // that cannot be deleted by its owner (an admin can purge it), never a version naming a deleted file.
        var attached = await Task.WhenAll(distinctFileIds.Select(id => FileGrain(id).MarkSubmittedAsync(StudentId, AssignmentId, version)));
        // The content first: a failure after it leaves an unreferenced version, never a reference to nothing.
        await GrainFactory.GetGrain<ISubmissionVersionGrain>(ISubmissionVersionGrain.KeyOf(AssignmentId, StudentId, version))
            .StoreAsync(new SubmissionVersion(AssignmentId, StudentId, version, text, [.. distinctFileIds], now, daysLate > 0, daysLate, [.. attached]));
        state.State.StudentName = caller.DisplayName;
        state.State.Versions.Add(new SubmissionVersionMeta(version, now, daysLate > 0, daysLate, requestId));
        state.State.LatestRequestId = requestId;
        state.State.IndexSlot ??= await GrainFactory.GetGrain<ISubmissionIndexGrain>(AssignmentId).ClaimSlotAsync(StudentId);
        _events.Raise(new SubmissionCreated(DomainEventPublisher.NewEventId(), now, assignment.BootcampId, AssignmentId, StudentId, caller.DisplayName, version, daysLate > 0));
        await _events.WriteAsync(this);

        await UpdateIndexAsync();
        await GrainFactory.GetGrain<IStudentProgressGrain>(IStudentProgressGrain.KeyOf(assignment.BootcampId, StudentId))
            .RecordSubmissionAsync(AssignmentId, daysLate > 0);
        await _events.PublishAsync(this);
        return new SubmissionReceipt(version, now, daysLate > 0);
    }

    public async Task<PageSlice<SubmissionVersion>> ListVersionsAsync(Caller caller, int page, int pageSize)
    {
        await RequireReaderAsync(caller);
        var newestFirst = Enumerable.Reverse(state.State.Versions).Skip((page - 1) * pageSize).Take(pageSize);
        var versions = await Task.WhenAll(newestFirst.Select(meta => VersionGrain(meta.Version).GetAsync()));
        return new PageSlice<SubmissionVersion>(versions.OfType<SubmissionVersion>().ToImmutableArray(), state.State.Versions.Count);
    }

    public async Task<SubmissionVersion> GetVersionAsync(Caller caller, int version)
    {
        await RequireReaderAsync(caller);
        if (version < 1 || version > state.State.Versions.Count)
        {
            throw DomainException.NotFound($"Version {version}");
        }
        return await VersionGrain(version).GetAsync() ?? throw DomainException.NotFound($"Version {version}");
    }

    public async Task<Grade?> GetGradeAsync(Caller caller)
    {
        await RequireReaderAsync(caller);
        return state.State.Grade;
    }

    public async Task<SubmissionSummary?> GetSummaryAsync(Caller caller)
    {
        await RequireReaderAsync(caller);
        var latest = state.State.Versions.LastOrDefault();
        if (latest is null && state.State.ExtendedDueAt is null)
        {
            return null;
        }
        return new SubmissionSummary(StudentId, state.State.StudentName, latest?.Version ?? 0, latest?.SubmittedAt ?? default,
            latest?.Late ?? false, state.State.Grade, state.State.ExtendedDueAt);
    }

    public async Task<Grade> GradeAsync(Caller caller, decimal score, string feedback)
    {
        var assignment = await RequireAssignmentAsync();
        await GrainFactory.RequireInstructorAsync(caller, assignment.BootcampId);
        var latest = state.State.Versions.LastOrDefault() ?? throw DomainException.NotFound("A submission to grade");
        var maxScore = assignment.Details.MaxScore;
        if (score < 0 || score > maxScore)
        {
            throw DomainException.Validation("score", $"score must be between 0 and {maxScore}.");
        }
        if (state.State.Grade is { } given && given.Score == score && given.Feedback == feedback && given.Version == latest.Version && given.GradedBy == caller.UserId)
        {
            // The same grade again (a retried PUT): nothing changed, so nobody is told twice.
            return given;
        }
        var published = assignment.Details.LatePolicy.Publish(score, maxScore, latest.DaysLate);
        var grade = new Grade(score, published, maxScore, feedback, latest.Version, latest.DaysLate, time.GetUtcNow(), caller.UserId);
        state.State.Grade = grade;
        _events.Raise(new GradePublished(DomainEventPublisher.NewEventId(), grade.GradedAt, assignment.BootcampId, AssignmentId, StudentId, score, published, maxScore));
        await _events.WriteAsync(this);

        await UpdateIndexAsync();
        await GrainFactory.GetGrain<IStudentProgressGrain>(IStudentProgressGrain.KeyOf(assignment.BootcampId, StudentId))
            .RecordGradeAsync(AssignmentId, AssignmentStanding.PercentOf(grade));
        await _events.PublishAsync(this);
        return grade;
    }

    public async Task GrantExtensionAsync(Caller caller, DateTimeOffset dueAt)
    {
        var assignment = await RequireAssignmentAsync();
        await GrainFactory.RequireInstructorAsync(caller, assignment.BootcampId);
        if (await GrainFactory.RoleInAsync(assignment.BootcampId, StudentId) != MemberRole.Student)
        {
            throw DomainException.NotFound($"Student {StudentId} in this bootcamp");
        }
        if (dueAt <= assignment.Details.DueAt)
        {
            throw DomainException.Invalid("extension-not-later", "An extension must end after the assignment's due date.");
        }
        state.State.ExtendedDueAt = dueAt;
        _events.Raise(new ExtensionGranted(DomainEventPublisher.NewEventId(), time.GetUtcNow(), assignment.BootcampId, AssignmentId, StudentId, dueAt));
        await _events.WriteAsync(this);
        if (state.State.IndexSlot is not null)
        {
            await UpdateIndexAsync();
        }
        await _events.PublishAsync(this);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken) => _events.OnActivateAsync(this);

    public Task ReceiveReminder(string reminderName, TickStatus status) => _events.ReceiveReminderAsync(this, reminderName);

    private Task UpdateIndexAsync()
    {
        var slot = state.State.IndexSlot!.Value;
        var latest = state.State.Versions[^1];
        return GrainFactory.GetGrain<ISubmissionIndexPageGrain>(ISubmissionIndexPageGrain.KeyOf(AssignmentId, slot / ISubmissionIndexPageGrain.Size))
            .PutAsync(slot % ISubmissionIndexPageGrain.Size, new SubmissionSummary(
                StudentId, state.State.StudentName, latest.Version, latest.SubmittedAt, latest.Late, state.State.Grade, state.State.ExtendedDueAt));
    }

    private IFileGrain FileGrain(string fileId) => GrainFactory.GetGrain<IFileGrain>(fileId);

    private ISubmissionVersionGrain VersionGrain(int version) =>
        GrainFactory.GetGrain<ISubmissionVersionGrain>(ISubmissionVersionGrain.KeyOf(AssignmentId, StudentId, version));

    private async Task<AssignmentSnapshot> RequireAssignmentAsync() =>
        await GrainFactory.GetGrain<IAssignmentGrain>(AssignmentId).GetAsync() ?? throw DomainException.NotFound($"Assignment {AssignmentId}");

    /// <summary>The student, the bootcamp's staff (mentors read but do not grade) and admins.</summary>
    private async Task RequireReaderAsync(Caller caller)
    {
        if (caller.UserId == StudentId || caller.IsAdmin)
        {
            return;
        }
        var assignment = await RequireAssignmentAsync();
        if (await GrainFactory.GetGrain<IBootcampGrain>(assignment.BootcampId).GetStaffRoleAsync(caller.UserId) == MemberRole.None)
        {
            throw DomainException.Forbidden("Only the student and the bootcamp's staff can read this work.");
        }
    }
}
