using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Events;
using Cohortly.Payments;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Cohortly.Email;

/// <summary>
/// Listens to one bootcamp's event stream. Streams may repeat an event; the emails' idempotency keys make a repeat harmless.
/// </summary>
[ImplicitStreamSubscription(EventStreams.Bootcamp)]
[GrainType("bootcampemailtrigger")]
public sealed class BootcampEmailTriggerGrain : Grain, IBootcampEmailTriggerGrain, IStreamSubscriptionObserver
{
    /// <summary>Recipients per mailer call, so a large roster spreads over several mailer activations.</summary>
    private const int ChunkSize = 25;

    private string BootcampId => this.GetPrimaryKeyString();

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync(OnEventAsync);

    private Task OnEventAsync(DomainEvent domainEvent, StreamSequenceToken? token) => domainEvent switch
    {
        EnrollmentConfirmed confirmed => GrainFactory.GetGrain<IMailerGrain>(0)
            .SendEnrollmentConfirmedAsync(confirmed.EventId, confirmed.UserId, confirmed.BootcampId, confirmed.BootcampTitle),
        AssignmentCreated created => NotifyStudentsAsync(created),
        PaymentSucceeded paid => GrainFactory.GetGrain<IMailerGrain>(0).SendPaymentReceiptAsync(paid),
        PaymentRefunded refunded => GrainFactory.GetGrain<IMailerGrain>(0).SendPaymentRefundedAsync(refunded),
        InstallmentFailed failed => GrainFactory.GetGrain<IMailerGrain>(0).SendInstallmentFailedAsync(failed),
        _ => Task.CompletedTask,
    };

    private async Task NotifyStudentsAsync(AssignmentCreated created)
    {
        var bootcamp = GrainFactory.GetGrain<IBootcampGrain>(BootcampId);
        if (await bootcamp.GetAsync() is not { } snapshot)
        {
            return;
        }
        var students = await EnrolledStudents.ListAsync(GrainFactory, BootcampId);
        await Task.WhenAll(students.Chunk(ChunkSize).Select(chunk => GrainFactory.GetGrain<IMailerGrain>(0).SendAssignmentPostedAsync(
            [.. chunk.Select(s => s.UserId)], BootcampId, snapshot.Details.Title, created.AssignmentId, created.Title, created.DueAt)));
    }
}

/// <summary>Reads a bootcamp's active students through its roster pages.</summary>
internal static class EnrolledStudents
{
    public static async Task<int> PageCountAsync(IGrainFactory grains, string bootcampId) =>
        (await grains.GetGrain<IBootcampGrain>(bootcampId).GetRosterLengthAsync() + IRosterPageGrain.Size - 1) / IRosterPageGrain.Size;

    public static async Task<IReadOnlyList<RosterEntry>> OnPageAsync(IGrainFactory grains, string bootcampId, int page) =>
        [.. (await grains.GetGrain<IRosterPageGrain>(IRosterPageGrain.KeyOf(bootcampId, page)).GetEntriesAsync())
            .Where(entry => entry.Status == EnrollmentStatus.Active)];

    public static async Task<IReadOnlyList<RosterEntry>> ListAsync(IGrainFactory grains, string bootcampId)
    {
        var pages = await PageCountAsync(grains, bootcampId);
        var entries = await Task.WhenAll(Enumerable.Range(0, pages).Select(page => OnPageAsync(grains, bootcampId, page)));
        return [.. entries.SelectMany(e => e)];
    }
}
