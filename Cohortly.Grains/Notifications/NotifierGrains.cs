using System.Collections.Immutable;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Cohortly.Notifications;

/// <summary>Chunks of recipients go to stateless delivery workers, so one bootcamp of thousands is spread over silos.</summary>
internal static class Fanout
{
    public const int ChunkSize = 100;

    public static Task DeliverAsync(IGrainFactory grains, Notification notification, IEnumerable<string> userIds) =>
        Task.WhenAll(userIds.Chunk(ChunkSize).Select(chunk =>
            grains.GetGrain<IInboxDeliveryGrain>(0).DeliverAsync(notification, [.. chunk])));
}

[ImplicitStreamSubscription(EventStreams.Bootcamp)]
public sealed class BootcampNotifierGrain : Grain, IBootcampNotifierGrain, IStreamSubscriptionObserver
{
    private string BootcampId => this.GetPrimaryKeyString();

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync(OnEventAsync);

    public async Task<ImmutableArray<string>> RecipientsAsync(Audience audience)
    {
        var bootcamp = GrainFactory.GetGrain<IBootcampGrain>(BootcampId);
        var snapshot = await bootcamp.GetAsync();
        if (snapshot is null)
        {
            return [];
        }
        var recipients = new List<string>();
        if (audience is Audience.Staff or Audience.Members or Audience.Instructors)
        {
            recipients.AddRange(snapshot.InstructorIds);
        }
        if (audience is Audience.Staff or Audience.Members)
        {
            recipients.AddRange(snapshot.MentorIds);
        }
        if (audience is Audience.Students or Audience.Members)
        {
            var pages = (await bootcamp.GetRosterLengthAsync() + IRosterPageGrain.Size - 1) / IRosterPageGrain.Size;
            var rosters = await Task.WhenAll(Enumerable.Range(0, pages).Select(page =>
                GrainFactory.GetGrain<IRosterPageGrain>(IRosterPageGrain.KeyOf(BootcampId, page)).GetEntriesAsync()));
            recipients.AddRange(rosters.SelectMany(roster => roster).Where(e => e.Status == EnrollmentStatus.Active).Select(e => e.UserId));
        }
        return [.. recipients.Distinct()];
    }

    private async Task OnEventAsync(DomainEvent domainEvent, StreamSequenceToken? token)
    {
        if (NotificationFactory.For(domainEvent) is { Audience: { } audience } delivery)
        {
            await Fanout.DeliverAsync(GrainFactory, delivery.Notification, await RecipientsAsync(audience));
        }
    }
}

[ImplicitStreamSubscription(EventStreams.Everyone)]
public sealed class EveryoneNotifierGrain : Grain, IEveryoneNotifierGrain, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync(OnEventAsync);

    public Task PingAsync() => Task.CompletedTask;

    private async Task OnEventAsync(DomainEvent domainEvent, StreamSequenceToken? token)
    {
        if (NotificationFactory.For(domainEvent) is not { Audience: not null } delivery)
        {
            return;
        }
        var count = await GrainFactory.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key).CountAsync();
        var pages = (count + IUserDirectoryGrain.PageSize - 1) / IUserDirectoryGrain.PageSize;
        for (var page = 0; page < pages; page++)
        {
            var userIds = await GrainFactory.GetGrain<IUserDirectoryPageGrain>(page).GetUserIdsAsync();
            await Fanout.DeliverAsync(GrainFactory, delivery.Notification, userIds);
        }
    }
}

[Orleans.Concurrency.StatelessWorker]
public sealed class AnnouncerGrain(TimeProvider time) : Grain, IAnnouncerGrain
{
    public async Task AnnounceAsync(Caller caller, string? bootcampId, string title, string body)
    {
        if (bootcampId is null)
        {
            if (!caller.IsAdmin)
            {
                throw DomainException.Forbidden("Only admins announce to everyone.");
            }
        }
        else
        {
            var bootcamp = GrainFactory.GetGrain<IBootcampGrain>(bootcampId);
            if (await bootcamp.GetAsync() is null)
            {
                throw DomainException.NotFound($"Bootcamp {bootcampId}");
            }
            if (!caller.IsAdmin && await bootcamp.GetStaffRoleAsync(caller.UserId) != MemberRole.Instructor)
            {
                throw DomainException.Forbidden("Instructors announce to their own bootcamps only.");
            }
        }
        await this.PublishAsync(new AnnouncementMade(DomainEventPublisher.NewEventId(), time.GetUtcNow(), bootcampId ?? "", title, body, caller.UserId, caller.DisplayName));
    }
}
