using Cohortly.Common;

namespace Cohortly.Bootcamps;

/// <summary>
/// Recomputes what other grains keep as counts (each bootcamp's seat count, each active student's progress) from the
/// grains that are their source of truth (roster pages and enrollments, submissions), fixes any drift and says what it fixed. Run by admins and by a weekly reminder.
/// </summary>
[Alias("cohortly.bootcamps.recount")]
public interface IRecountGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Admins only. It walks every bootcamp, so it may take far longer than the front end's 4 s call timeout.</summary>
    [Alias("recount"), ResponseTimeout("00:10:00")]
    Task<RecountReport> RecountAsync(Caller caller);

    /// <summary>Arms the weekly reminder if it is not armed yet.</summary>
    [Alias("ensure-scheduled")]
    Task EnsureScheduledAsync();
}
