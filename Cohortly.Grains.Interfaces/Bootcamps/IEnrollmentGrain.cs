using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Bootcamps;

/// <summary>A student's enrollment in one bootcamp, keyed <c>{bootcampId}/{userId}</c>; makes enrolling idempotent.</summary>
[Alias("cohortly.bootcamps.enrollment")]
public interface IEnrollmentGrain : IGrainWithStringKey
{
    [Alias("enroll")]
    Task<Enrollment> EnrollAsync(Caller caller);

    /// <summary>
    /// Called by a payment grain once its payment succeeded. The proof is the payment grain's own word, asked here, so
    /// nothing outside the grains can enroll into a paid bootcamp. Idempotent like <see cref="EnrollAsync"/>.
    /// </summary>
    [Alias("enroll-paid")]
    Task<Enrollment> EnrollPaidAsync(string paymentId, string displayName);

    /// <summary>The student themself or an admin.</summary>
    [Alias("withdraw")]
    Task WithdrawAsync(Caller caller);

    /// <summary>
    /// Pauses an active enrollment's access for <paramref name="hold"/> (idempotent by its key; nothing happens to an
    /// enrollment that is not active). Called only by the grain that owns the reason (a payment schedule, a
    /// subscription), never from a route: the front end has no way to suspend anyone.
    /// </summary>
    [Alias("suspend")]
    Task<Enrollment> SuspendAsync(AccessHold hold);

    /// <summary>Lifts the hold with this key; access returns when no hold is left. Idempotent.</summary>
    [Alias("resume")]
    Task<Enrollment> ResumeAsync(string holdKey);

    /// <summary>Interleaves with a running enroll or withdraw: the bootcamp grain asks this while an enrollment may be waiting on it.</summary>
    [Alias("get"), AlwaysInterleave]
    Task<Enrollment> GetAsync();

    /// <summary>
    /// The status once any running enroll or withdraw has finished (queued behind it, unlike <see cref="GetAsync"/>), so
    /// the recount never counts a seat an enrollment is still taking as lost. Never called by the bootcamp grain.
    /// </summary>
    [Alias("get-settled-status")]
    Task<EnrollmentStatus> GetSettledStatusAsync();

    public static string KeyOf(string bootcampId, string userId) => $"{bootcampId}/{userId}";
}
