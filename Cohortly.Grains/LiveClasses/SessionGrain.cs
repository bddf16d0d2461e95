using System.Collections.Immutable;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;
using Cohortly.Integrations.Meetings;
using Microsoft.Extensions.Logging;

namespace Cohortly.LiveClasses;

[GenerateSerializer, Alias("cohortly.live-classes.session-state")]
public sealed class SessionState : IHoldsPendingEvents
{
    [Id(0)] public string? BootcampId { get; set; }
    [Id(1)] public SessionDetails? Details { get; set; }
    [Id(2)] public bool Cancelled { get; set; }
    [Id(3)] public int Sequence { get; set; }
    [Id(4)] public string? SeriesId { get; set; }
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(7)] public string? CreatedBy { get; set; }
    [Id(8)] public List<DomainEvent> PendingEvents { get; set; } = [];

    /// <summary>Every connection's joins and leaves, the record attendance is computed from.</summary>
    [Id(9)] public List<RoomEvent> RoomEvents { get; set; } = [];

    /// <summary>Display names of the people who came into the room or checked in, as they were then.</summary>
    [Id(10)] public Dictionary<string, string> Names { get; set; } = [];

    [Id(11)] public Dictionary<string, DateTimeOffset> CheckIns { get; set; } = [];
    [Id(12)] public Dictionary<string, AttendanceOverride> Overrides { get; set; } = [];

    /// <summary>The start time the "starts in 15 minutes" reminder was sent for: a moved session gets its own, never a second one for the same start.</summary>
    [Id(13)] public DateTimeOffset? RemindedFor { get; set; }
}

[GrainType("livesession")]
public sealed class SessionGrain(
    [PersistentState("live-session", StorageNames.Cohortly)] IPersistentState<SessionState> state,
    CheckInCodes codes,
    TimeProvider time,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain, IRemindable
{
    public const string StartingSoonReminder = "cohortly.session-starting";

    /// <summary>A room that has seen this many joins and leaves takes no more: the state stays bounded whatever a client does.</summary>
    public const int MaxRoomEvents = 20_000;

    private const string MemberRefusal = "Only the bootcamp's members can see its live classes.";
    private readonly EventOutbox<SessionState> _events = new(state);

    private string SessionId => this.GetPrimaryKeyString();

    private SessionDetails Details => state.State.Details ?? throw DomainException.NotFound($"Session {SessionId}");

    public override Task OnActivateAsync(CancellationToken cancellationToken) => _events.OnActivateAsync(this);

    public async Task<SessionSnapshot> CreateAsync(string bootcampId, SessionDetails details, string? seriesId, string createdBy)
    {
        if (state.State.Details is not null)
        {
            if (state.State.BootcampId != bootcampId || state.State.CreatedBy != createdBy)
            {
                throw DomainException.Conflict("session-exists", "This session already exists.");
            }
            // A retry of the schedule that made it: finish what the first may have left (its event, its reminder).
            await _events.PublishAsync(this);
            await ArmReminderAsync();
            return Snapshot();
        }
        LiveClassRules.RequireValid(details);
        var now = time.GetUtcNow();
        state.State.BootcampId = bootcampId;
        state.State.Details = details;
        state.State.SeriesId = seriesId;
        state.State.CreatedBy = createdBy;
        state.State.CreatedAt = state.State.UpdatedAt = now;
        _events.Raise(new SessionScheduled(DomainEventPublisher.NewEventId(), now, bootcampId, SessionId, details));
        await _events.WriteAsync(this);
        await _events.PublishAsync(this);
        await ArmReminderAsync();
        return Snapshot();
    }

    public async Task<SessionSnapshot> GetAsync(Caller caller)
    {
        _ = Details;
        await GrainFactory.RequireMemberAsync(caller, state.State.BootcampId!, MemberRefusal);
        return Snapshot();
    }

    public Task<SessionSnapshot?> PeekAsync() => Task.FromResult(state.State.Details is null ? null : Snapshot());

    public async Task<SessionSnapshot> UpdateAsync(Caller caller, SessionPatch patch)
    {
        var before = Details;
        await GrainFactory.RequireInstructorAsync(caller, state.State.BootcampId!);
        if (state.State.Cancelled)
        {
            throw DomainException.Conflict("session-cancelled", "This session was cancelled; schedule a new one instead.");
        }
        var updated = before with
        {
            Title = patch.Title?.Trim() ?? before.Title,
            StartsAt = patch.StartsAt ?? before.StartsAt,
            DurationMinutes = patch.DurationMinutes ?? before.DurationMinutes,
            TimeZone = patch.TimeZone ?? before.TimeZone,
        };
        LiveClassRules.RequireValid(updated);
        if (updated == before)
        {
            return Snapshot();
        }
        var now = time.GetUtcNow();
        state.State.Details = updated;
        state.State.Sequence++;
        state.State.UpdatedAt = now;
        _events.Raise(new SessionChanged(DomainEventPublisher.NewEventId(), now, state.State.BootcampId!, SessionId, updated, before));
        await _events.WriteAsync(this);
        await _events.PublishAsync(this);
        await ArmReminderAsync();
        await GrainFactory.GetGrain<IBootcampSessionsGrain>(state.State.BootcampId!).PutAsync(Snapshot());
        return Snapshot();
    }

    public async Task CancelAsync(Caller caller)
    {
        var details = Details;
        await GrainFactory.RequireInstructorAsync(caller, state.State.BootcampId!);
        if (state.State.Cancelled)
        {
            return;
        }
        var now = time.GetUtcNow();
        state.State.Cancelled = true;
        state.State.Sequence++;
        state.State.UpdatedAt = now;
        _events.Raise(new SessionCancelled(DomainEventPublisher.NewEventId(), now, state.State.BootcampId!, SessionId, details));
        await _events.WriteAsync(this);
        await _events.PublishAsync(this);
        await ArmReminderAsync();
        await GrainFactory.GetGrain<IBootcampSessionsGrain>(state.State.BootcampId!).PutAsync(Snapshot());
    }

    public async Task<CheckInCode> GetCheckInCodeAsync(Caller caller)
    {
        _ = Details;
        await GrainFactory.RequireInstructorAsync(caller, state.State.BootcampId!);
        RequireCheckInOpen();
        return codes.Issue(SessionId, time.GetUtcNow());
    }

    public async Task CheckInAsync(Caller caller, string code)
    {
        _ = Details;
        var role = await GrainFactory.RequireMemberAsync(caller, state.State.BootcampId!, "Only the bootcamp's students can check in to its classes.");
        if (role != MemberRole.Student)
        {
            throw DomainException.Forbidden("Only the bootcamp's students check in; staff see attendance instead.");
        }
        RequireCheckInOpen();
        var now = time.GetUtcNow();
        if (!codes.Accepts(SessionId, code, now))
        {
            throw DomainException.Validation("code", "This code is not the one showing in this class now. Codes change every 20 seconds: type the one on the screen.");
        }
        if (state.State.CheckIns.ContainsKey(caller.UserId))
        {
            return;
        }
        state.State.CheckIns[caller.UserId] = now;
        state.State.Names[caller.UserId] = caller.DisplayName;
        await _events.WriteAsync(this);
        await PublishLiveAsync(new SessionCheckedIn(DomainEventPublisher.NewEventId(), now, state.State.BootcampId!, SessionId, caller.UserId, caller.DisplayName));
    }

    public async Task<ImmutableArray<RoomPresence>> JoinRoomAsync(Caller caller, string connectionId)
    {
        _ = Details;
        await GrainFactory.RequireMemberAsync(caller, state.State.BootcampId!, "Only the bootcamp's members can enter its live room.");
        if (state.State.Cancelled)
        {
            throw DomainException.Conflict("session-cancelled", "This class was cancelled.");
        }
        var wasIn = IsIn(caller.UserId);
        if (state.State.RoomEvents.Count >= MaxRoomEvents)
        {
            throw DomainException.Conflict("room-full", "This room has seen too many comings and goings to record more.");
        }
        var now = time.GetUtcNow();
        state.State.RoomEvents.Add(new RoomEvent(caller.UserId, connectionId, RoomEventKind.Join, now));
        state.State.Names[caller.UserId] = caller.DisplayName;
        await _events.WriteAsync(this);
        if (!wasIn)
        {
            await PublishLiveAsync(new SessionPresenceChanged(DomainEventPublisher.NewEventId(), now, state.State.BootcampId!, SessionId, caller.UserId, caller.DisplayName, true));
        }
        return Presence();
    }

    public async Task LeaveRoomAsync(string userId, string connectionId)
    {
        if (state.State.Details is null || !OpenConnections().Any(open => open.ConnectionId == connectionId && open.UserId == userId))
        {
            return;
        }
        var now = time.GetUtcNow();
        state.State.RoomEvents.Add(new RoomEvent(userId, connectionId, RoomEventKind.Leave, now));
        await _events.WriteAsync(this);
        if (!IsIn(userId))
        {
            await PublishLiveAsync(new SessionPresenceChanged(DomainEventPublisher.NewEventId(), now, state.State.BootcampId!, SessionId, userId,
                state.State.Names.GetValueOrDefault(userId, ""), false));
        }
    }

    public async Task<ImmutableArray<RoomPresence>> GetPresenceAsync(Caller caller)
    {
        _ = Details;
        await GrainFactory.RequireMemberAsync(caller, state.State.BootcampId!, MemberRefusal);
        return Presence();
    }

    public async Task<ImmutableArray<AttendanceEntry>> GetAttendanceAsync(Caller caller)
    {
        _ = Details;
        await GrainFactory.RequireStaffAsync(caller, state.State.BootcampId!, "Only the bootcamp's staff and admins can see attendance.");
        var roster = await RosterAsync();
        var now = time.GetUtcNow();
        return [.. roster.OrderBy(s => s.DisplayName, StringComparer.CurrentCultureIgnoreCase).Select(student => EntryOf(student.UserId, student.DisplayName, now))];
    }

    public async Task<AttendanceEntry> OverrideAttendanceAsync(Caller caller, string userId, AttendanceStatus status, string reason)
    {
        _ = Details;
        await GrainFactory.RequireStaffAsync(caller, state.State.BootcampId!, "Only the bootcamp's staff and admins can correct attendance.");
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > LiveClassRules.MaxReasonLength)
        {
            throw DomainException.Validation("reason", $"reason is required, at most {LiveClassRules.MaxReasonLength} characters: it is kept with the correction.");
        }
        var student = (await RosterAsync()).FirstOrDefault(s => s.UserId == userId) ?? throw DomainException.NotFound($"Student {userId} in this bootcamp");
        state.State.Overrides[userId] = new AttendanceOverride(status, reason.Trim(), caller.UserId, caller.DisplayName, time.GetUtcNow());
        await _events.WriteAsync(this);
        return EntryOf(student.UserId, student.DisplayName, time.GetUtcNow());
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (await _events.ReceiveReminderAsync(this, reminderName) || reminderName != StartingSoonReminder)
        {
            return;
        }
        if (state.State.Details is not { } details || state.State.Cancelled || state.State.RemindedFor == details.StartsAt)
        {
            await ForgetReminderAsync();
            return;
        }
        var now = time.GetUtcNow();
        if (now < details.StartsAt - LiveClassRules.ReminderLead - TimeSpan.FromSeconds(30))
        {
            // Moved later since the reminder was set: wait for the new time.
            await ArmReminderAsync();
            return;
        }
        if (now < details.StartsAt)
        {
            state.State.RemindedFor = details.StartsAt;
            _events.Raise(new SessionStartingSoon(DomainEventPublisher.NewEventId(), now, state.State.BootcampId!, SessionId, details));
            await _events.WriteAsync(this);
            await _events.PublishAsync(this);
        }
        await ForgetReminderAsync();
    }

    /// <summary>
    /// One reminder per session, due <see cref="LiveClassRules.ReminderLead"/> before its start; a move re-arms it for the
    /// new start, a cancellation or a past start removes it. Orleans keeps it through restarts.
    /// </summary>
    private async Task ArmReminderAsync()
    {
        var details = state.State.Details!;
        var due = details.StartsAt - LiveClassRules.ReminderLead - time.GetUtcNow();
        if (state.State.Cancelled || state.State.RemindedFor == details.StartsAt || details.StartsAt <= time.GetUtcNow())
        {
            await ForgetReminderAsync();
            return;
        }
        // The period only matters if a tick is missed (a silo down at the due time): the next one still comes before the start.
        await this.RegisterOrUpdateReminder(StartingSoonReminder, due < TimeSpan.Zero ? TimeSpan.Zero : due, TimeSpan.FromMinutes(1));
    }

    private async Task ForgetReminderAsync()
    {
        if (await this.GetReminder(StartingSoonReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void RequireCheckInOpen()
    {
        var details = Details;
        var now = time.GetUtcNow();
        if (state.State.Cancelled)
        {
            throw DomainException.Conflict("session-cancelled", "This class was cancelled.");
        }
        if (now < details.StartsAt - LiveClassRules.CheckInOpensBefore || now > details.EndsAt)
        {
            throw DomainException.Validation("code", "Check-in is open from 15 minutes before the class until it ends.");
        }
    }

    private AttendanceEntry EntryOf(string userId, string displayName, DateTimeOffset now) =>
        AttendanceMath.Entry(userId, displayName, Details, [.. state.State.RoomEvents.Where(e => e.UserId == userId)],
            state.State.CheckIns.TryGetValue(userId, out var checkedIn) ? checkedIn : null,
            state.State.Overrides.GetValueOrDefault(userId), now);

    private async Task<IReadOnlyList<RosterEntry>> RosterAsync()
    {
        var bootcampId = state.State.BootcampId!;
        var total = await GrainFactory.GetGrain<IBootcampGrain>(bootcampId).GetRosterLengthAsync();
        var entries = await SlotPages.ReadAllAsync(total, IRosterPageGrain.Size, page =>
            GrainFactory.GetGrain<IRosterPageGrain>(IRosterPageGrain.KeyOf(bootcampId, page)).GetEntriesAsync());
        return [.. entries.Where(e => e.Status == EnrollmentStatus.Active)];
    }

    /// <summary>Connections whose last event is a join.</summary>
    private IEnumerable<(string UserId, string ConnectionId, DateTimeOffset Since)> OpenConnections() =>
        state.State.RoomEvents
            .GroupBy(e => e.ConnectionId)
            .Select(c => c.OrderBy(e => e.At).ThenBy(e => e.Kind).Last())
            .Where(last => last.Kind == RoomEventKind.Join)
            .Select(last => (last.UserId, last.ConnectionId, last.At));

    private bool IsIn(string userId) => OpenConnections().Any(open => open.UserId == userId);

    private ImmutableArray<RoomPresence> Presence() =>
        [.. OpenConnections().GroupBy(open => open.UserId)
            .Select(user => new RoomPresence(user.Key, state.State.Names.GetValueOrDefault(user.Key, ""), user.Min(open => open.Since)))
            .OrderBy(p => p.Since)];

    /// <summary>Presence and check-ins are live-only: the room's state is their record, so a lost push costs a refresh, not data.</summary>
    private async Task PublishLiveAsync(DomainEvent domainEvent)
    {
        try
        {
            await this.PublishAsync(domainEvent);
        }
        catch (Exception failure)
        {
            logger.LogWarning(failure, "Live update {Event} of session {Session} was not pushed", domainEvent.GetType().Name, SessionId);
        }
    }

    private SessionSnapshot Snapshot() =>
        new(SessionId, state.State.BootcampId!, state.State.Details!, state.State.Cancelled, state.State.Sequence, state.State.SeriesId,
            state.State.CreatedAt, state.State.UpdatedAt);
}
