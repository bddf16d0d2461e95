using System.Collections.Immutable;
using Cohortly.Common;
using Cohortly.Payments;
using Orleans.Concurrency;

namespace Cohortly.Bootcamps;

/// <summary>
/// One bootcamp: its details, staff and seat count. The roster itself lives in <see cref="IRosterPageGrain"/>s,
/// so this state stays small however many students enroll.
/// </summary>
[Alias("cohortly.bootcamps.bootcamp")]
public interface IBootcampGrain : IGrainWithStringKey
{
    /// <summary>Admins and instructors may create; an instructor creating becomes its first instructor.</summary>
    [Alias("create")]
    Task<BootcampSnapshot> CreateAsync(Caller caller, BootcampDetails details);

    [Alias("get"), ReadOnly]
    Task<BootcampSnapshot?> GetAsync();

    /// <summary>Instructors of the bootcamp and admins.</summary>
    [Alias("update")]
    Task<BootcampSnapshot> UpdateAsync(Caller caller, BootcampPatch patch);

    /// <summary>Admins only; the user must exist, and gains the matching global role.</summary>
    [Alias("assign-staff")]
    Task AssignStaffAsync(Caller caller, string userId, MemberRole role);

    /// <summary>
    /// Admins only. The user stops being staff of this bootcamp at once (every staff check asks this grain); their global
    /// role stays, as they may teach elsewhere. NotFound when the user is not on this bootcamp's staff.
    /// </summary>
    [Alias("remove-staff")]
    Task RemoveStaffAsync(Caller caller, string userId);

    /// <summary>Instructor or mentor from this grain, else None; students are found through their enrollment (<c>Members.RoleInAsync</c> in the grains project).</summary>
    [Alias("get-staff-role"), ReadOnly]
    Task<MemberRole> GetStaffRoleAsync(string userId);

    /// <summary>
    /// Called by an enrollment grain: takes a seat for the student unless they are staff here, the bootcamp is full or
    /// must be paid for first. A returning student keeps their roster slot; a new one is given the next. Keyed by
    /// student: a retry after a crash gets the seat it already holds, never a second one. Interleaved: seats taken while
    /// a write is in flight are stored together by the next one, each answered only once its seat is stored.
    /// </summary>
    [Alias("take-seat-for"), AlwaysInterleave]
    Task<SeatGrant> TakeSeatAsync(string userId, int? rosterSlot);

    /// <summary>Gives the student's seat back; a repeat (a retried withdrawal) changes nothing. Interleaved as seats are taken.</summary>
    [Alias("release-seat-of"), AlwaysInterleave]
    Task ReleaseSeatAsync(string userId);

    /// <summary>For the recount: the seat count and who holds a named seat, at one moment.</summary>
    [Alias("get-seat-census"), ReadOnly]
    Task<SeatCensus> GetSeatCensusAsync();

    /// <summary>
    /// For the recount: sets the seat count to the active enrollments it found and drops named seats whose enrollment is
    /// not active. Applied only if no seat was taken or given back since <paramref name="observed"/> was read (else null:
    /// the next recount looks again); returns the drift fixed, or null when the count was right.
    /// </summary>
    [Alias("correct-seats")]
    Task<Drift?> CorrectSeatsAsync(SeatCensus observed, int activeEnrollments, ImmutableArray<string> staleSeatHolders);

    /// <summary>
    /// Called by a payment grain at checkout: holds a seat for the payer until <paramref name="until"/> (or until
    /// released). Active holds count against capacity; an expired one frees its seat by itself, even if nobody releases it.
    /// A payer's new hold replaces their older one. Keyed by payment: a retry answers the same.
    /// </summary>
    [Alias("hold-seat")]
    Task<SeatHoldGrant> HoldSeatAsync(string paymentId, string userId, DateTimeOffset until);

    /// <summary>The payment failed or expired; a repeat changes nothing.</summary>
    [Alias("release-seat-hold")]
    Task ReleaseSeatHoldAsync(string paymentId);

    /// <summary>
    /// Called by an enrollment grain once the payment grain proved the payment succeeded: turns the payment's hold into a
    /// seat (or takes a free one if the hold lapsed), and from then on only admins may change the price.
    /// </summary>
    [Alias("take-paid-seat")]
    Task<SeatGrant> TakePaidSeatAsync(string userId, string paymentId, int? rosterSlot);

    /// <summary>
    /// Called by an enrollment grain once the subscription grain proved its owner's subscription lets them in: takes a
    /// seat without payment if the bootcamp is included in subscriptions (PaymentRequired otherwise) and one is free.
    /// </summary>
    [Alias("take-included-seat")]
    Task<SeatGrant> TakeIncludedSeatAsync(string userId, int? rosterSlot);

    [Alias("get-roster-length"), ReadOnly]
    Task<int> GetRosterLengthAsync();

    /// <summary>Called by an assignment grain when it is created.</summary>
    [Alias("add-assignment")]
    Task AddAssignmentAsync(string assignmentId);

    [Alias("get-assignment-ids"), ReadOnly]
    Task<IReadOnlyList<string>> GetAssignmentIdsAsync();
}
