namespace Cohortly.LiveClasses;

/// <summary>Emails a bootcamp's members when one of its live classes moves, is cancelled or is about to start. Keyed by bootcamp id.</summary>
[Alias("cohortly.live-classes.email-trigger")]
public interface ILiveClassEmailTriggerGrain : IGrainWithStringKey
{
}
