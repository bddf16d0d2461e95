using AccountRoles = Cohortly.Accounts.Roles;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;
using Cohortly.Notifications;

namespace Cohortly.Frontend.Notifications;

/// <summary>Unread notifications for students; "recent activity" (submissions, mentions) for staff.</summary>
public sealed class InboxHomeCard() : HomeCard<InboxCard>("notifications.inbox", 110, AccountRoles.Student, AccountRoles.Instructor, AccountRoles.Mentor)
{
    private const int Shown = 5;

    public override async Task<InboxCard?> BuildAsync(CallerContext context)
    {
        var inbox = await context.Grain<INotificationInboxGrain>(context.Caller.UserId).ListAsync(false, null, 1, Shown);
        return new InboxCard(inbox.Unread, [.. inbox.Items.Select(NotificationResponse.From)]);
    }
}
