using Cohortly.Common;
using Cohortly.Events;
using Orleans.Streams.Core;

namespace Cohortly.Notifications;

[ImplicitStreamSubscription(EventStreams.Bootcamp)]
[GrainType("bootcampfeed")]
public sealed class BootcampFeedGrain(
    [PersistentState("bootcamp-feed", StorageNames.Cohortly)] IPersistentState<FeedState> state,
    NotificationMappers notifications) : NotificationFeedGrain(state, notifications), IBootcampFeedGrain;
