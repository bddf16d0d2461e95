namespace Cohortly.Analytics;

/// <summary>
/// Which months hold platform figures, and each bootcamp's completion rate. Written only when a month first gets a figure
/// or a bootcamp's rate changes, never per event; read by admins' platform view. Key 0.
/// </summary>
[Alias("cohortly.analytics.platform-index")]
public interface IPlatformIndexGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    [Alias("add-month")]
    Task AddMonthAsync(string month);

    [Alias("set-completion")]
    Task SetCompletionAsync(BootcampCompletion completion);

    [Alias("get")]
    Task<PlatformIndex> GetAsync();
}
