namespace Cohortly.Notifications;

/// <summary>Who should hear of an event (an audience of its bootcamp, or one user), and what they read.</summary>
public sealed record Delivery(Audience? Audience, string? UserId, Notification Notification);
