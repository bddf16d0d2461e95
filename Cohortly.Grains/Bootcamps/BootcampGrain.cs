using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Common;
using Cohortly.Events;
using Cohortly.Payments;

namespace Cohortly.Bootcamps;

[GenerateSerializer, Alias("cohortly.bootcamps.bootcamp-state")]
public sealed class BootcampState : IHoldsPendingEvents
{
    [Id(0)] public BootcampDetails? Details { get; set; }
    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
    [Id(2)] public List<string> InstructorIds { get; set; } = [];
    [Id(3)] public List<string> MentorIds { get; set; } = [];
    [Id(4)] public int EnrolledCount { get; set; }
    /// <summary>Slots handed out so far; a slot stays with its student across withdrawal and return.</summary>
    [Id(5)] public int RosterLength { get; set; }
    [Id(6)] public List<string> AssignmentIds { get; set; } = [];
    [Id(7)] public List<DomainEvent> PendingEvents { get; set; } = [];
    /// <summary>
    /// Who holds a seat, with their roster slot. Seats taken before seats were keyed by student are counted in
    /// <see cref="EnrolledCount"/> only, so the count can exceed this map by those.
    /// </summary>
    [Id(8)] public Dictionary<string, int> SeatHolders { get; set; } = [];

    /// <summary>Who created it: the same caller creating it again is a retry (the id comes from their Idempotency-Key).</summary>
    [Id(9)] public string? CreatedBy { get; set; }

    /// <summary>
    /// Stored with a seat change and cleared (in memory, stored by the next write) once the catalog has the count: an
    /// activation that finds it set, after a crash inside the catalog's coalescing window, gives the catalog its count.
    /// </summary>
    [Id(10)] public bool CatalogBehind { get; set; }

    /// <summary>Seats held for checkouts in progress, by payment id; each counts against capacity until its time runs out.</summary>
    [Id(11)] public Dictionary<string, SeatHold> SeatHolds { get; set; } = [];

    /// <summary>Someone has paid for a seat: from then on only admins may change the price (issue 14).</summary>
    [Id(12)] public bool HasPaidSeats { get; set; }
}

[GrainType("bootcamp")]
public sealed partial class BootcampGrain : Grain, IBootcampGrain, IRemindable
{
    /// <summary>Assignments per bootcamp; keeps the id list (and this state) small.</summary>
    public const int MaxAssignments = 500;

    /// <summary>Seat counts reach the catalog at most this often, so a rush of enrollments is one catalog write, not hundreds.</summary>
    private static readonly TimeSpan CatalogRefresh = TimeSpan.FromSeconds(2);

    private readonly EventOutbox<BootcampState> _events;
    private readonly GroupedStateWrites<BootcampState> _writes;
    private IGrainTimer? _catalogTimer;

    private readonly IPersistentState<BootcampState> _state;
    private readonly TimeProvider _time;

    public BootcampGrain(
        [PersistentState("bootcamp", StorageNames.Cohortly)] IPersistentState<BootcampState> state,
        TimeProvider time)
    {
        _state = state;
        _time = time;
        // Seats are taken and given back interleaved with every other call: all writes of the state share one writer.
        _writes = new(state);
        _events = new(state, _writes);
    }

    private string BootcampId => this.GetPrimaryKeyString();

    public async Task<BootcampSnapshot> CreateAsync(Caller caller, BootcampDetails details)
    {
        if (!caller.IsAdmin && !caller.Has(Roles.Instructor))
        {
            throw DomainException.Forbidden("Only admins and instructors can create bootcamps.");
        }
        if (_state.State.Details is not null)
        {
            if (_state.State.CreatedBy != caller.UserId)
            {
                throw DomainException.Conflict("bootcamp-exists", "This bootcamp already exists.");
            }
            // The creator again under the id their Idempotency-Key gave: a retry whose first answer was lost in a crash.
            // What the first call did after its write may not have happened, so it happens now (each step is idempotent).
            await CompleteCreationAsync();
            return Snapshot();
        }
        RequireValid(details);
        var now = _time.GetUtcNow();
        _state.State.Details = details;
        _state.State.CreatedAt = now;
        _state.State.CreatedBy = caller.UserId;
        if (!caller.IsAdmin || caller.Has(Roles.Instructor))
        {
            _state.State.InstructorIds.Add(caller.UserId);
        }
        _events.Raise(new BootcampCreated(DomainEventPublisher.NewEventId(), now, BootcampId, details.Title, caller.UserId));
        await _events.WriteAsync(this);
        await CompleteCreationAsync();
        return Snapshot();
    }

    private async Task CompleteCreationAsync()
    {
        foreach (var instructor in _state.State.InstructorIds)
        {
            await GrainFactory.GetGrain<IUserMembershipsGrain>(instructor).SetAsync(new Membership(BootcampId, MemberRole.Instructor, _state.State.CreatedAt));
        }
        await PushToCatalogAsync();
        await _events.PublishAsync(this);
    }

    public Task<BootcampSnapshot?> GetAsync() => Task.FromResult(_state.State.Details is null ? null : Snapshot());

    public async Task<BootcampSnapshot> UpdateAsync(Caller caller, BootcampPatch patch)
    {
        var details = RequireDetails();
        if (!caller.IsAdmin && !_state.State.InstructorIds.Contains(caller.UserId))
        {
            throw DomainException.Forbidden("Only this bootcamp's instructors and admins can change it.");
        }
        var updated = patch.ApplyTo(details);
        if (_state.State.HasPaidSeats && !caller.IsAdmin && (updated.PriceMinor != details.PriceMinor || updated.Currency != details.Currency))
        {
            throw DomainException.Forbidden("Students have already paid for this bootcamp: only admins can change its price now.");
        }
        RequireValid(updated);
        if (updated.Capacity < _state.State.EnrolledCount)
        {
            throw DomainException.Conflict("capacity-below-enrollment",
                $"Capacity cannot drop below the {_state.State.EnrolledCount} students already enrolled.");
        }
        _state.State.Details = updated;
        _events.Raise(new BootcampUpdated(DomainEventPublisher.NewEventId(), _time.GetUtcNow(), BootcampId, updated.Title, caller.UserId));
        await _events.WriteAsync(this);
        await PushToCatalogAsync();
        await _events.PublishAsync(this);
        return Snapshot();
    }

    public async Task AssignStaffAsync(Caller caller, string userId, MemberRole role)
    {
        RequireDetails();
        if (!caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only admins assign staff.");
        }
        if (role is not (MemberRole.Instructor or MemberRole.Mentor))
        {
            throw DomainException.Invalid("invalid-staff-role", "Staff are instructors or mentors.");
        }
        var user = GrainFactory.GetGrain<IUserGrain>(userId);
        var profile = await user.GetProfileAsync() ?? throw DomainException.NotFound($"User {userId}");
        var enrollment = await GrainFactory.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(BootcampId, userId)).GetAsync();
        if (enrollment.Status == EnrollmentStatus.Active)
        {
            throw DomainException.Conflict("enrolled-student", "This user is enrolled as a student; withdraw them first.");
        }
        // One staff role per person: making a mentor an instructor moves them.
        _state.State.InstructorIds.Remove(userId);
        _state.State.MentorIds.Remove(userId);
        (role == MemberRole.Instructor ? _state.State.InstructorIds : _state.State.MentorIds).Add(userId);
        var globalRole = role == MemberRole.Instructor ? Roles.Instructor : Roles.Mentor;
        _events.Raise(new StaffAssigned(DomainEventPublisher.NewEventId(), _time.GetUtcNow(), BootcampId, userId, globalRole));
        await _events.WriteAsync(this);

        if (!profile.IsInRole(globalRole))
        {
            await user.SetRolesAsync(caller.UserId, profile.Roles.Add(globalRole));
        }
        await GrainFactory.GetGrain<IUserMembershipsGrain>(userId).SetAsync(new Membership(BootcampId, role, _time.GetUtcNow()));
        await _events.PublishAsync(this);
    }

    public async Task RemoveStaffAsync(Caller caller, string userId)
    {
        RequireDetails();
        if (!caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only admins remove staff.");
        }
        var role = BootcampRules.StaffRole(_state.State.InstructorIds, _state.State.MentorIds, userId);
        if (role == MemberRole.None)
        {
            throw DomainException.NotFound($"User {userId} on this bootcamp's staff");
        }
        _state.State.InstructorIds.Remove(userId);
        _state.State.MentorIds.Remove(userId);
        var roleName = role == MemberRole.Instructor ? Roles.Instructor : Roles.Mentor;
        _events.Raise(new StaffRemoved(DomainEventPublisher.NewEventId(), _time.GetUtcNow(), BootcampId, userId, roleName, caller.UserId));
        await _events.WriteAsync(this);
        await GrainFactory.GetGrain<IUserMembershipsGrain>(userId).RemoveAsync(BootcampId, role);
        await _events.PublishAsync(this);
    }

    public Task<MemberRole> GetStaffRoleAsync(string userId) =>
        Task.FromResult(BootcampRules.StaffRole(_state.State.InstructorIds, _state.State.MentorIds, userId));

    public Task<SeatGrant> TakeSeatAsync(string userId, int? rosterSlot) => TakeSeatAsync(userId, rosterSlot, included: false);

    /// <summary><paramref name="included"/>: a subscriber's seat in a bootcamp included in subscriptions, which needs no payment.</summary>
    private async Task<SeatGrant> TakeSeatAsync(string userId, int? rosterSlot, bool included)
    {
        if (_state.State.Details is not { } details)
        {
            return new SeatGrant(SeatOutcome.NoSuchBootcamp, -1, "");
        }
        if (BootcampRules.StaffRole(_state.State.InstructorIds, _state.State.MentorIds, userId) != MemberRole.None)
        {
            return new SeatGrant(SeatOutcome.Staff, -1, details.Title);
        }
        if (_state.State.SeatHolders.TryGetValue(userId, out var held))
        {
            // The seat may have been taken by a write still in flight: a retry is answered only once it is stored.
            await _writes.StoredAsync(this);
            return new SeatGrant(SeatOutcome.Taken, held, details.Title);
        }
        if (!details.IsFree && !(included && details.IncludedInSubscription))
        {
            return new SeatGrant(SeatOutcome.PaymentRequired, -1, details.Title);
        }
        // Seats held by paying checkouts count against a paid bootcamp's capacity (a free one has none).
        DropLapsedHolds(_time.GetUtcNow(), exceptUserId: null);
        if (_state.State.EnrolledCount + _state.State.SeatHolds.Count >= details.Capacity)
        {
            return new SeatGrant(SeatOutcome.Full, -1, details.Title);
        }
        var slot = rosterSlot ?? _state.State.RosterLength++;
        _state.State.SeatHolders[userId] = slot;
        _state.State.EnrolledCount++;
        _state.State.CatalogBehind = true;
        await _writes.WriteAsync(this);
        ScheduleCatalogRefresh();
        return new SeatGrant(SeatOutcome.Taken, slot, details.Title);
    }

    public async Task ReleaseSeatAsync(string userId)
    {
        var legacySeats = _state.State.EnrolledCount - _state.State.SeatHolders.Count;
        // A student who enrolled before seats were keyed holds one of the unnamed seats.
        if (_state.State.SeatHolders.Remove(userId) || legacySeats > 0)
        {
            _state.State.EnrolledCount--;
            _state.State.CatalogBehind = true;
            await _writes.WriteAsync(this);
            ScheduleCatalogRefresh();
        }
        else
        {
            await _writes.StoredAsync(this);
        }
    }

    public async Task<SeatHoldGrant> HoldSeatAsync(string paymentId, string userId, DateTimeOffset until)
    {
        if (_state.State.Details is not { } details)
        {
            return new SeatHoldGrant(SeatHoldOutcome.NoSuchBootcamp, "", 0, "");
        }
        var grant = new SeatHoldGrant(SeatHoldOutcome.Held, details.Title, details.PriceMinor, details.Currency);
        if (_state.State.SeatHolds.TryGetValue(paymentId, out var hold) && hold.UserId == userId)
        {
            return grant;
        }
        if (_state.State.SeatHolders.ContainsKey(userId))
        {
            return grant with { Outcome = SeatHoldOutcome.AlreadyEnrolled };
        }
        if (BootcampRules.StaffRole(_state.State.InstructorIds, _state.State.MentorIds, userId) != MemberRole.None)
        {
            return grant with { Outcome = SeatHoldOutcome.Staff };
        }
        var now = _time.GetUtcNow();
        DropLapsedHolds(now, exceptUserId: userId);
        if (_state.State.EnrolledCount + _state.State.SeatHolds.Count >= details.Capacity)
        {
            return grant with { Outcome = SeatHoldOutcome.Full };
        }
        _state.State.SeatHolds[paymentId] = new SeatHold(userId, until);
        await _writes.WriteAsync(this);
        return grant;
    }

    public async Task ReleaseSeatHoldAsync(string paymentId)
    {
        if (_state.State.SeatHolds.Remove(paymentId))
        {
            await _writes.WriteAsync(this);
        }
    }

    public async Task<SeatGrant> TakePaidSeatAsync(string userId, string paymentId, int? rosterSlot)
    {
        if (_state.State.Details is not { } details)
        {
            return new SeatGrant(SeatOutcome.NoSuchBootcamp, -1, "");
        }
        if (_state.State.SeatHolders.TryGetValue(userId, out var held))
        {
            return new SeatGrant(SeatOutcome.Taken, held, details.Title);
        }
        // The payment's own hold is its seat; a lapsed hold (paid after it ran out) takes a seat only if one is free.
        var hadHold = _state.State.SeatHolds.Remove(paymentId);
        DropLapsedHolds(_time.GetUtcNow(), exceptUserId: null);
        if (!hadHold && _state.State.EnrolledCount + _state.State.SeatHolds.Count >= details.Capacity)
        {
            return new SeatGrant(SeatOutcome.Full, -1, details.Title);
        }
        var slot = rosterSlot ?? _state.State.RosterLength++;
        _state.State.SeatHolders[userId] = slot;
        _state.State.EnrolledCount++;
        _state.State.HasPaidSeats = true;
        _state.State.CatalogBehind = true;
        await _writes.WriteAsync(this);
        ScheduleCatalogRefresh();
        return new SeatGrant(SeatOutcome.Taken, slot, details.Title);
    }

    /// <summary>Forgets holds whose time ran out, and the payer's older hold when they start a new checkout.</summary>
    private void DropLapsedHolds(DateTimeOffset now, string? exceptUserId)
    {
        foreach (var (paymentId, hold) in _state.State.SeatHolds.ToList())
        {
            if (hold.Until <= now || hold.UserId == exceptUserId)
            {
                _state.State.SeatHolds.Remove(paymentId);
            }
        }
    }

    public Task<SeatCensus> GetSeatCensusAsync() =>
        Task.FromResult(new SeatCensus(_state.State.EnrolledCount, _state.State.RosterLength, [.. _state.State.SeatHolders.Keys]));

    public async Task<Drift?> CorrectSeatsAsync(SeatCensus observed, int activeEnrollments, ImmutableArray<string> staleSeatHolders)
    {
        var unchanged = observed.EnrolledCount == _state.State.EnrolledCount
            && observed.RosterLength == _state.State.RosterLength
            && observed.SeatHolders.Length == _state.State.SeatHolders.Count
            && observed.SeatHolders.All(_state.State.SeatHolders.ContainsKey);
        if (!unchanged || (activeEnrollments == _state.State.EnrolledCount && staleSeatHolders.IsEmpty))
        {
            return null;
        }
        var was = _state.State.EnrolledCount;
        foreach (var userId in staleSeatHolders)
        {
            _state.State.SeatHolders.Remove(userId);
        }
        _state.State.EnrolledCount = activeEnrollments;
        _state.State.CatalogBehind = true;
        await _writes.WriteAsync(this);
        ScheduleCatalogRefresh();
        return new Drift(BootcampId, "enrolledCount", was, activeEnrollments);
    }

    public Task<int> GetRosterLengthAsync() => Task.FromResult(_state.State.RosterLength);

    public async Task AddAssignmentAsync(string assignmentId)
    {
        RequireDetails();
        if (_state.State.AssignmentIds.Contains(assignmentId))
        {
            return;
        }
        if (_state.State.AssignmentIds.Count >= MaxAssignments)
        {
            throw DomainException.Conflict("too-many-assignments", $"A bootcamp has at most {MaxAssignments} assignments.");
        }
        _state.State.AssignmentIds.Add(assignmentId);
        await _writes.WriteAsync(this);
    }

    public Task<IReadOnlyList<string>> GetAssignmentIdsAsync() => Task.FromResult<IReadOnlyList<string>>([.. _state.State.AssignmentIds]);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.State.CatalogBehind)
        {
            ScheduleCatalogRefresh();
        }
        await _events.OnActivateAsync(this);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => _events.ReceiveReminderAsync(this, reminderName);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_catalogTimer is not null)
        {
            _catalogTimer.Dispose();
            await PushToCatalogAsync();
        }
    }

    private void ScheduleCatalogRefresh()
    {
        _catalogTimer ??= this.RegisterGrainTimer(
            async () =>
            {
                _catalogTimer?.Dispose();
                _catalogTimer = null;
                await PushToCatalogAsync();
            },
            new GrainTimerCreationOptions(CatalogRefresh, Timeout.InfiniteTimeSpan) { Interleave = false });
    }

    private async Task PushToCatalogAsync()
    {
        await GrainFactory.GetGrain<ICatalogShardGrain>(ICatalogShardGrain.ShardOf(BootcampId)).UpsertAsync(
            new CatalogEntry(BootcampId, _state.State.Details!, Math.Max(0, _state.State.Details!.Capacity - _state.State.EnrolledCount), _state.State.CreatedAt));
        _state.State.CatalogBehind = false;
    }

    private BootcampSnapshot Snapshot() => new(
        BootcampId,
        _state.State.Details!,
        [.. _state.State.InstructorIds],
        [.. _state.State.MentorIds],
        _state.State.EnrolledCount,
        _state.State.CreatedAt,
        _state.State.AssignmentIds.Count);

    private BootcampDetails RequireDetails() =>
        _state.State.Details ?? throw DomainException.NotFound($"Bootcamp {BootcampId}");

    private static void RequireValid(BootcampDetails details)
    {
        var errors = BootcampRules.Validate(details);
        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }
    }
}
