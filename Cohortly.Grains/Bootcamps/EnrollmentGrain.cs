using Cohortly.Accounts;
using Cohortly.Common;
using Cohortly.Events;
using Cohortly.Payments;

namespace Cohortly.Bootcamps;

[GenerateSerializer, Alias("cohortly.bootcamps.enrollment-state")]
public sealed class EnrollmentState : IHoldsPendingEvents
{
    [Id(0)] public EnrollmentStatus Status { get; set; }
    [Id(1)] public DateTimeOffset? EnrolledAt { get; set; }
    [Id(2)] public int? RosterSlot { get; set; }
    [Id(3)] public List<DomainEvent> PendingEvents { get; set; } = [];
    [Id(4)] public List<AccessHold> Holds { get; set; } = [];
}

[GrainType("enrollment")]
public sealed partial class EnrollmentGrain(
    [PersistentState("enrollment", StorageNames.Cohortly)] IPersistentState<EnrollmentState> state,
    TimeProvider time) : Grain, IEnrollmentGrain, IRemindable
{
    private readonly EventOutbox<EnrollmentState> _events = new(state);

    private string BootcampId => this.GetPrimaryKeyString().Split('/')[0];

    private string UserId => this.GetPrimaryKeyString().Split('/')[1];

    public Task<EnrollmentStatus> GetSettledStatusAsync() => Task.FromResult(state.State.Status);

    public async Task<Enrollment> EnrollAsync(Caller caller)
    {
        if (caller.UserId != UserId)
        {
            throw DomainException.Forbidden("Students enroll themselves.");
        }
        if (!caller.Has(Roles.Student))
        {
            throw DomainException.Forbidden("Only students can enroll.");
        }
        if (state.State.Status == EnrollmentStatus.Active)
        {
            // A retry after a crash: the enrollment is stored, but what followed it may not be.
            await JoinRosterAsync(caller.DisplayName, state.State.RosterSlot!.Value, state.State.EnrolledAt!.Value);
            await _events.PublishAsync(this);
            return Current();
        }
        // Keyed by student: if this grain died after the seat was taken, the retry is handed the same seat. The staff
        // check is the bootcamp's too, in the same call: one turn in its queue per enrollment, not two.
        var seat = await GrainFactory.GetGrain<IBootcampGrain>(BootcampId).TakeSeatAsync(UserId, state.State.RosterSlot);
        if (seat.Outcome == SeatOutcome.PaymentRequired)
        {
            seat = await TakeSubscribedSeatAsync() ?? seat;
        }
        switch (seat.Outcome)
        {
            case SeatOutcome.NoSuchBootcamp:
                throw DomainException.NotFound($"Bootcamp {BootcampId}");
            case SeatOutcome.Staff:
                throw DomainException.Conflict("staff-cannot-enroll", "Staff of a bootcamp cannot enroll in it as a student.");
            case SeatOutcome.PaymentRequired:
                throw new DomainException(DomainErrorKind.PaymentRequired, "payment-required", "This bootcamp must be paid for before enrolling.");
            case SeatOutcome.Full:
                throw DomainException.Conflict("bootcamp-full", "This bootcamp is full.");
        }
        var now = time.GetUtcNow();
        state.State.Status = EnrollmentStatus.Active;
        state.State.EnrolledAt = now;
        state.State.RosterSlot = seat.Slot;
        _events.Raise(new EnrollmentConfirmed(DomainEventPublisher.NewEventId(), now, BootcampId, UserId, seat.BootcampTitle));
        await _events.WriteAsync(this);

        await JoinRosterAsync(caller.DisplayName, seat.Slot, now);
        await _events.PublishAsync(this);
        return Current();
    }

    public async Task<Enrollment> EnrollPaidAsync(string paymentId, string displayName)
    {
        var proof = await GrainFactory.GetGrain<IPaymentGrain>(paymentId).GetProofAsync();
        if (proof is not { Status: PaymentStatus.Succeeded } || proof.UserId != UserId || proof.BootcampId != BootcampId)
        {
            throw new DomainException(DomainErrorKind.PaymentRequired, "payment-required", "This bootcamp must be paid for before enrolling.");
        }
        if (state.State.Status != EnrollmentStatus.Active)
        {
            var seat = await GrainFactory.GetGrain<IBootcampGrain>(BootcampId).TakePaidSeatAsync(UserId, paymentId, state.State.RosterSlot);
            if (seat.Outcome != SeatOutcome.Taken)
            {
                throw DomainException.Conflict("bootcamp-full", "This bootcamp is full.");
            }
            state.State.Status = EnrollmentStatus.Active;
            state.State.EnrolledAt = time.GetUtcNow();
            state.State.RosterSlot = seat.Slot;
            _events.Raise(new EnrollmentConfirmed(DomainEventPublisher.NewEventId(), state.State.EnrolledAt.Value, BootcampId, UserId, seat.BootcampTitle));
            await _events.WriteAsync(this);
        }
        // Also on a repeat: a crash after the enrollment was stored must still leave the roster line and membership.
        await JoinRosterAsync(displayName, state.State.RosterSlot!.Value, state.State.EnrolledAt!.Value);
        await _events.PublishAsync(this);
        return Current();
    }

    public async Task WithdrawAsync(Caller caller)
    {
        if (caller.UserId != UserId && !caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only the student or an admin can withdraw an enrollment.");
        }
        switch (state.State.Status)
        {
            case EnrollmentStatus.None:
                throw DomainException.NotFound("The enrollment");
            case EnrollmentStatus.Active:
                state.State.Status = EnrollmentStatus.Withdrawn;
                // A later re-enrollment starts with open access: what held this one belonged to this enrollment.
                state.State.Holds.Clear();
                _events.Raise(new EnrollmentWithdrawn(DomainEventPublisher.NewEventId(), time.GetUtcNow(), BootcampId, UserId, caller.UserId));
                await _events.WriteAsync(this);
                break;
        }
        // Also run on a repeat: a crash after the withdrawal was stored must not keep the seat, roster line or membership.
        var slot = state.State.RosterSlot!.Value;
        await GrainFactory.GetGrain<IBootcampGrain>(BootcampId).ReleaseSeatAsync(UserId);
        await RosterPage(slot).SetStatusAsync(slot % IRosterPageGrain.Size, EnrollmentStatus.Withdrawn);
        await GrainFactory.GetGrain<IUserMembershipsGrain>(UserId).RemoveAsync(BootcampId, MemberRole.Student);
        await _events.PublishAsync(this);
    }

    public async Task<Enrollment> SuspendAsync(AccessHold hold)
    {
        if (state.State.Status == EnrollmentStatus.Active && state.State.Holds.TrueForAll(h => h.Key != hold.Key))
        {
            var wasOpen = state.State.Holds.Count == 0;
            state.State.Holds.Add(hold);
            if (wasOpen)
            {
                _events.Raise(new EnrollmentSuspended(DomainEventPublisher.NewEventId(), time.GetUtcNow(), BootcampId, UserId, hold.Reason));
            }
            await _events.WriteAsync(this);
        }
        await _events.PublishAsync(this);
        return Current();
    }

    public async Task<Enrollment> ResumeAsync(string holdKey)
    {
        if (state.State.Holds.RemoveAll(h => h.Key == holdKey) > 0)
        {
            if (state.State.Holds.Count == 0 && state.State.Status == EnrollmentStatus.Active)
            {
                _events.Raise(new EnrollmentResumed(DomainEventPublisher.NewEventId(), time.GetUtcNow(), BootcampId, UserId));
            }
            await _events.WriteAsync(this);
        }
        await _events.PublishAsync(this);
        return Current();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken) => _events.OnActivateAsync(this);

    public Task ReceiveReminder(string reminderName, TickStatus status) => _events.ReceiveReminderAsync(this, reminderName);

    /// <summary>
    /// Idempotent: the roster line and the membership are written whole, and not at all when already stored. The two
    /// grains are asked at once, so their writes land in one SQLite group commit instead of two in a row.
    /// </summary>
    private Task JoinRosterAsync(string displayName, int slot, DateTimeOffset enrolledAt) =>
        Task.WhenAll(
            RosterPage(slot).PutAsync(slot % IRosterPageGrain.Size, new RosterEntry(UserId, displayName, EnrollmentStatus.Active, enrolledAt)),
            GrainFactory.GetGrain<IUserMembershipsGrain>(UserId).SetAsync(new Membership(BootcampId, MemberRole.Student, enrolledAt)));

    public Task<Enrollment> GetAsync() => Task.FromResult(Current());

    private Enrollment Current() =>
        new(BootcampId, UserId, state.State.Status, state.State.EnrolledAt) { Holds = [.. state.State.Holds] };

    private IRosterPageGrain RosterPage(int slot) =>
        GrainFactory.GetGrain<IRosterPageGrain>(IRosterPageGrain.KeyOf(BootcampId, slot / IRosterPageGrain.Size));
}
