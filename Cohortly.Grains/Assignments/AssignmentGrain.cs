using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;

namespace Cohortly.Assignments;

[GenerateSerializer, Alias("cohortly.assignments.assignment-state")]
public sealed class AssignmentState : IHoldsPendingEvents
{
    [Id(0)] public string? BootcampId { get; set; }
    [Id(1)] public AssignmentDetails? Details { get; set; }
    [Id(2)] public bool Closed { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public List<DomainEvent> PendingEvents { get; set; } = [];

    /// <summary>Who created it: the same caller creating it again is a retry (the id comes from their Idempotency-Key).</summary>
    [Id(5)] public string? CreatedBy { get; set; }
}

[GrainType("assignment")]
public sealed class AssignmentGrain(
    [PersistentState("assignment", StorageNames.Cohortly)] IPersistentState<AssignmentState> state,
    TimeProvider time) : Grain, IAssignmentGrain, IRemindable
{
    private readonly EventOutbox<AssignmentState> _events = new(state);

    private string AssignmentId => this.GetPrimaryKeyString();

    public async Task<AssignmentSnapshot> CreateAsync(Caller caller, string bootcampId, AssignmentDetails details)
    {
        if (state.State.Details is not null)
        {
            if (state.State.CreatedBy != caller.UserId || state.State.BootcampId != bootcampId)
            {
                throw DomainException.Conflict("assignment-exists", "This assignment already exists.");
            }
            // The creator's retry under the id their Idempotency-Key gave (the first answer was lost): the same assignment.
            await GrainFactory.GetGrain<IBootcampGrain>(bootcampId).AddAssignmentAsync(AssignmentId);
            await _events.PublishAsync(this);
            return Snapshot();
        }
        if (await GrainFactory.GetGrain<IBootcampGrain>(bootcampId).GetAsync() is null)
        {
            throw DomainException.NotFound($"Bootcamp {bootcampId}");
        }
        await GrainFactory.RequireInstructorAsync(caller, bootcampId);
        AssignmentRules.RequireValid(details);
        // The bootcamp first: if it refuses (too many assignments), nothing is half-created.
        await GrainFactory.GetGrain<IBootcampGrain>(bootcampId).AddAssignmentAsync(AssignmentId);
        state.State.BootcampId = bootcampId;
        state.State.Details = details;
        state.State.CreatedAt = time.GetUtcNow();
        state.State.CreatedBy = caller.UserId;
        _events.Raise(new AssignmentCreated(DomainEventPublisher.NewEventId(), state.State.CreatedAt, bootcampId, AssignmentId, details.Title, details.DueAt));
        await _events.WriteAsync(this);
        await _events.PublishAsync(this);
        return Snapshot();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken) => _events.OnActivateAsync(this);

    public Task ReceiveReminder(string reminderName, TickStatus status) => _events.ReceiveReminderAsync(this, reminderName);

    public Task<AssignmentSnapshot?> GetAsync() => Task.FromResult(state.State.Details is null ? null : Snapshot());

    public async Task<AssignmentSnapshot> UpdateAsync(Caller caller, AssignmentPatch patch)
    {
        var details = state.State.Details ?? throw DomainException.NotFound($"Assignment {AssignmentId}");
        await GrainFactory.RequireInstructorAsync(caller, state.State.BootcampId!);
        var updated = details with
        {
            DueAt = patch.DueAt ?? details.DueAt,
            LatePolicy = patch.LatePolicy ?? details.LatePolicy,
        };
        AssignmentRules.RequireValid(updated);
        state.State.Details = updated;
        state.State.Closed = patch.Closed ?? state.State.Closed;
        await state.WriteStateAsync();
        return Snapshot();
    }

    private AssignmentSnapshot Snapshot() =>
        new(AssignmentId, state.State.BootcampId!, state.State.Details!, state.State.Closed, state.State.CreatedAt);
}
