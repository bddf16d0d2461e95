using Cohortly.Common;
using Cohortly.Events;
using Orleans.Streams.Core;

namespace Cohortly.Notifications;

[ImplicitStreamSubscription(EventStreams.Everyone)]
[GrainType("everyonefeed")]
public sealed class EveryoneFeedGrain(
    [PersistentState("everyone-feed", StorageNames.Cohortly)] IPersistentState<FeedState> state,
    NotificationMappers notifications) : NotificationFeedGrain(state, notifications), IEveryoneFeedGrain;
