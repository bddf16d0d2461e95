namespace Cohortly.Bootcamps;

public sealed partial class BootcampGrain
{
    public Task<SeatGrant> TakeIncludedSeatAsync(string userId, int? rosterSlot) => TakeSeatAsync(userId, rosterSlot, included: true);
}
