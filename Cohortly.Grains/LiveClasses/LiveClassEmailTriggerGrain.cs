using System.Collections.Immutable;
using Cohortly.Bootcamps;
using Cohortly.Email;
using Cohortly.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Cohortly.LiveClasses;

/// <summary>
/// Listens to one bootcamp's event stream for the live class changes people act on: a move, a cancellation and the
/// 15-minute reminder go by email to its students and staff as well as to their inboxes. A new class is only a
/// notification: a weekly series would otherwise send one email per week of it. Repeats are harmless (the emails are
/// keyed by event id).
/// </summary>
[ImplicitStreamSubscription(EventStreams.Bootcamp)]
[GrainType("liveclassemailtrigger")]
public sealed class LiveClassEmailTriggerGrain : Grain, ILiveClassEmailTriggerGrain, IStreamSubscriptionObserver
{
    /// <summary>Recipients per mailer call, so a large roster spreads over several mailer activations.</summary>
    private const int ChunkSize = 25;

    private string BootcampId => this.GetPrimaryKeyString();

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync(OnEventAsync);

    private Task OnEventAsync(DomainEvent domainEvent, StreamSequenceToken? token) => domainEvent switch
    {
        SessionChanged e => SendAsync(e.EventId, "changed", e.SessionId, e.Details, e.Before),
        SessionCancelled e => SendAsync(e.EventId, "cancelled", e.SessionId, e.Details, null),
        SessionStartingSoon e => SendAsync(e.EventId, "starting", e.SessionId, e.Details, null),
        _ => Task.CompletedTask,
    };

    private async Task SendAsync(string eventId, string kind, string sessionId, SessionDetails details, SessionDetails? before)
    {
        if (await GrainFactory.GetGrain<IBootcampGrain>(BootcampId).GetAsync() is not { } bootcamp)
        {
            return;
        }
        var students = await EnrolledStudents.ListAsync(GrainFactory, BootcampId);
        var recipients = students.Select(s => s.UserId).Concat(bootcamp.InstructorIds).Concat(bootcamp.MentorIds).Distinct().ToList();
        var notice = new LiveClassNotice(eventId, kind, sessionId, bootcamp.Details.Title, details.Title,
            LiveClassNotifications.When(details), before is null ? null : LiveClassNotifications.When(before));
        await Task.WhenAll(recipients.Chunk(ChunkSize).Select(chunk =>
            GrainFactory.GetGrain<IMailerGrain>(0).SendLiveClassNoticeAsync([.. chunk], notice)));
    }
}
