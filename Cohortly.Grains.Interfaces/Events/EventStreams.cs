namespace Cohortly.Events;

/// <summary>Stream provider and namespaces: one stream per audience (a bootcamp, a user, everyone).</summary>
public static class EventStreams
{
    public const string Provider = "events";
    public const string Bootcamp = "bootcamp";
    public const string User = "user";
    public const string Everyone = "everyone";

    /// <summary>The one key of the everyone stream.</summary>
    public const string EveryoneKey = "all";

    /// <summary>Grain storage that remembers who subscribes to which stream.</summary>
    public const string PubSubStore = "PubSubStore";
}
