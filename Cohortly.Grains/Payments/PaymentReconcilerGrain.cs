using System.Collections.Immutable;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Integrations.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cohortly.Payments;

/// <summary>
/// Stateless: the payments and the gateway are the truth, and a run cut short is simply run again. Memory stays bounded
/// by a page: bootcamp ids come from the catalog a page at a time, and each bootcamp's payment ids a page at a time.
/// </summary>
[GrainType("paymentreconciler")]
public sealed class PaymentReconcilerGrain(IOptions<PaymentsOptions> options, TimeProvider time, ILogger<PaymentReconcilerGrain> logger)
    : Grain, IPaymentReconcilerGrain, IRemindable
{
    private const string ReminderName = "payment-reconcile";
    private const int BootcampsPerPage = 50;
    private const int PaymentsPerPage = 100;
    /// <summary>Payments asked at once: the gateway is a remote API with rate limits (Stripe allows 100 reads a second).</summary>
    private const int Parallel = 8;

    private bool _armed;

    public Task<ReconcileReport> ReconcileAsync(Caller caller) =>
        caller.IsAdmin ? RunAsync() : throw DomainException.Forbidden("Only admins can reconcile payments.");

    public async Task EnsureScheduledAsync()
    {
        if (!_armed)
        {
            // Registered again at each activation so a changed ReconcileEvery takes effect after a restart.
            var every = options.Value.ReconcileEvery;
            await this.RegisterOrUpdateReminder(ReminderName, every, every);
            _armed = true;
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ReminderName)
        {
            await RunAsync();
        }
    }

    private async Task<ReconcileReport> RunAsync()
    {
        var startedAt = time.GetUtcNow();
        var repaired = new Dictionary<PaymentRepair, (int Count, ImmutableArray<string>.Builder Ids)>
        {
            [PaymentRepair.Enrolled] = (0, ImmutableArray.CreateBuilder<string>()),
            [PaymentRepair.MarkedRefunded] = (0, ImmutableArray.CreateBuilder<string>()),
            [PaymentRepair.Expired] = (0, ImmutableArray.CreateBuilder<string>()),
        };
        var checkedCount = 0;
        var unreachable = 0;
        string? after = null;
        while (await GrainFactory.GetCatalogIdsAfterAsync(after, BootcampsPerPage) is { Count: > 0 } bootcamps)
        {
            foreach (var bootcampId in bootcamps)
            {
                var list = GrainFactory.GetGrain<IPaymentListGrain>(IPaymentListGrain.OfBootcamp(bootcampId));
                for (var page = 1; ; page++)
                {
                    var (paymentIds, _) = await list.PageAsync(page, PaymentsPerPage);
                    foreach (var chunk in paymentIds.Chunk(Parallel))
                    {
                        var outcomes = await Task.WhenAll(chunk.Select(ReconcileOneAsync));
                        foreach (var (paymentId, repair) in outcomes)
                        {
                            checkedCount++;
                            if (repair is null)
                            {
                                unreachable++;
                            }
                            else if (repair != PaymentRepair.None)
                            {
                                var (count, ids) = repaired[repair.Value];
                                if (ids.Count < ReconcileReport.MaxIds)
                                {
                                    ids.Add(paymentId);
                                }
                                repaired[repair.Value] = (count + 1, ids);
                            }
                        }
                    }
                    if (paymentIds.Count < PaymentsPerPage)
                    {
                        break;
                    }
                }
            }
            after = bootcamps[^1];
        }
        var enrolled = repaired[PaymentRepair.Enrolled];
        var refunded = repaired[PaymentRepair.MarkedRefunded];
        var expired = repaired[PaymentRepair.Expired];
        var report = new ReconcileReport(startedAt, time.GetUtcNow(), checkedCount, enrolled.Count, enrolled.Ids.ToImmutable(),
            refunded.Count, refunded.Ids.ToImmutable(), expired.Count, expired.Ids.ToImmutable(), unreachable);
        logger.Log(enrolled.Count + refunded.Count + expired.Count + unreachable > 0 ? LogLevel.Warning : LogLevel.Information,
            "Payment reconciliation: {Checked} payments checked; enrolled {EnrolledCount} paid at the gateway [{Enrolled}]; " +
            "marked {RefundedCount} refunded at the gateway [{Refunded}]; expired {ExpiredCount} [{Expired}]; {Unreachable} could not be checked",
            checkedCount, enrolled.Count, string.Join(", ", enrolled.Ids), refunded.Count, string.Join(", ", refunded.Ids),
            expired.Count, string.Join(", ", expired.Ids), unreachable);
        return report;
    }

    /// <summary>Null when the gateway (or the payment) could not answer: the next run tries again.</summary>
    private async Task<(string PaymentId, PaymentRepair? Repair)> ReconcileOneAsync(string paymentId)
    {
        try
        {
            return (paymentId, await GrainFactory.GetGrain<IPaymentReconciliationGrain>(paymentId).ReconcileAsync());
        }
        catch (Exception failure) when (failure is PaymentGatewayException or TimeoutException or OrleansException or StateNotStoredException)
        {
            logger.LogWarning(failure, "Payment {PaymentId} could not be reconciled this run", paymentId);
            return (paymentId, null);
        }
    }
}
