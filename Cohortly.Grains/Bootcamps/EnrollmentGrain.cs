using Cohortly.Accounts;
using Cohortly.Common;
using Cohortly.Events;

namespace Cohortly.Bootcamps;

[GenerateSerializer, Alias("cohortly.bootcamps.enrollment-state")]
public sealed class EnrollmentState
{
    [Id(0)] public EnrollmentStatus Status { get; set; }
    [Id(1)] public DateTimeOffset? EnrolledAt { get; set; }
    [Id(2)] public int? RosterSlot { get; set; }
}

[GrainType("enrollment")]
public sealed class EnrollmentGrain(
    [PersistentState("enrollment", StorageNames.Cohortly)] IPersistentState<EnrollmentState> state,
    TimeProvider time) : Grain, IEnrollmentGrain
{
    private string BootcampId => this.GetPrimaryKeyString().Split('/')[0];

    private string UserId => this.GetPrimaryKeyString().Split('/')[1];

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
            return Current();
        }
        var bootcamp = GrainFactory.GetGrain<IBootcampGrain>(BootcampId);
        if (await bootcamp.GetStaffRoleAsync(UserId) != MemberRole.None)
        {
            throw DomainException.Conflict("staff-cannot-enroll", "Staff of a bootcamp cannot enroll in it as a student.");
        }
        var seat = await bootcamp.TakeSeatAsync(state.State.RosterSlot);
        switch (seat.Outcome)
        {
            case SeatOutcome.NoSuchBootcamp:
                throw DomainException.NotFound($"Bootcamp {BootcampId}");
            case SeatOutcome.PaymentRequired:
                throw new DomainException(DomainErrorKind.PaymentRequired, "payment-required", "This bootcamp must be paid for before enrolling.");
            case SeatOutcome.Full:
                throw DomainException.Conflict("bootcamp-full", "This bootcamp is full.");
        }
        var now = time.GetUtcNow();
        state.State.Status = EnrollmentStatus.Active;
        state.State.EnrolledAt = now;
        state.State.RosterSlot = seat.Slot;
        await state.WriteStateAsync();

        await RosterPage(seat.Slot).PutAsync(seat.Slot % IRosterPageGrain.Size, new RosterEntry(UserId, caller.DisplayName, EnrollmentStatus.Active, now));
        await GrainFactory.GetGrain<IUserMembershipsGrain>(UserId).SetAsync(new Membership(BootcampId, MemberRole.Student, now));
        await this.PublishAsync(new EnrollmentConfirmed(DomainEventPublisher.NewEventId(), now, BootcampId, UserId, seat.BootcampTitle));
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
            case EnrollmentStatus.Withdrawn:
                return;
        }
        state.State.Status = EnrollmentStatus.Withdrawn;
        await state.WriteStateAsync();

        var slot = state.State.RosterSlot!.Value;
        await GrainFactory.GetGrain<IBootcampGrain>(BootcampId).ReleaseSeatAsync();
        await RosterPage(slot).SetStatusAsync(slot % IRosterPageGrain.Size, EnrollmentStatus.Withdrawn);
        await GrainFactory.GetGrain<IUserMembershipsGrain>(UserId).RemoveAsync(BootcampId, MemberRole.Student);
        await this.PublishAsync(new EnrollmentWithdrawn(DomainEventPublisher.NewEventId(), time.GetUtcNow(), BootcampId, UserId, caller.UserId));
    }

    public Task<Enrollment> GetAsync() => Task.FromResult(Current());

    private Enrollment Current() => new(BootcampId, UserId, state.State.Status, state.State.EnrolledAt);

    private IRosterPageGrain RosterPage(int slot) =>
        GrainFactory.GetGrain<IRosterPageGrain>(IRosterPageGrain.KeyOf(BootcampId, slot / IRosterPageGrain.Size));
}
