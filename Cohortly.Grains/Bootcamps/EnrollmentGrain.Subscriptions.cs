using Cohortly.Payments;

namespace Cohortly.Bootcamps;

public sealed partial class EnrollmentGrain
{
    /// <summary>
    /// A paid bootcamp included in subscriptions, for a subscriber: the proof is the subscription grain's own word, asked
    /// here (as <see cref="EnrollPaidAsync"/> asks the payment grain), so nothing outside the grains can enroll for free.
    /// The bootcamp is recorded as entered through the subscription before its word is asked again, so a lapse at the same
    /// moment either finds it (and suspends it) or is seen here (and the seat goes back). Null: pay as usual.
    /// </summary>
    private async Task<SeatGrant?> TakeSubscribedSeatAsync()
    {
        var pointer = GrainFactory.GetGrain<IUserSubscriptionGrain>(UserId);
        if (await pointer.GetCurrentAsync() is not { } subscriptionId)
        {
            return null;
        }
        var subscription = GrainFactory.GetGrain<ISubscriptionGrain>(subscriptionId);
        if (await subscription.GetProofAsync() is not { GrantsAccess: true } proof || proof.UserId != UserId)
        {
            return null;
        }
        var bootcamp = GrainFactory.GetGrain<IBootcampGrain>(BootcampId);
        var seat = await bootcamp.TakeIncludedSeatAsync(UserId, state.State.RosterSlot);
        if (seat.Outcome != SeatOutcome.Taken)
        {
            return seat;
        }
        await pointer.CoverAsync(subscriptionId, BootcampId);
        if (await subscription.GetProofAsync() is not { GrantsAccess: true })
        {
            await bootcamp.ReleaseSeatAsync(UserId);
            return null;
        }
        return seat;
    }
}
