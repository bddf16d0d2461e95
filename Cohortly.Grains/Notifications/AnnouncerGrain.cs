using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;

namespace Cohortly.Notifications;

[Orleans.Concurrency.StatelessWorker]
[GrainType("announcer")]
public sealed class AnnouncerGrain(TimeProvider time) : Grain, IAnnouncerGrain
{
    public async Task AnnounceAsync(Caller caller, string? bootcampId, string title, string body, string? announcementId)
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
        // This worker keeps no state: the announcement grain stores the announcement before the caller hears 202.
        var eventId = announcementId ?? DomainEventPublisher.NewEventId();
        await GrainFactory.GetGrain<IAnnouncementGrain>(eventId)
            .MakeAsync(new AnnouncementMade(eventId, time.GetUtcNow(), bootcampId ?? "", title, body, caller.UserId, caller.DisplayName));
    }
}
