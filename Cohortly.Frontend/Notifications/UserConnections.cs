namespace Cohortly.Frontend.Notifications;

/// <summary>
/// The live connections this front end holds, per user, with the session each was opened under: what a session
/// ending or a role change elsewhere acts on. Each front end knows only its own; the user's stream reaches all of them.
/// </summary>
public sealed class UserConnections
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, string>> _sessionByConnectionOfUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _userOfConnection = new(StringComparer.Ordinal);

    public void Add(string userId, string connectionId, string sessionId)
    {
        lock (_lock)
        {
            if (!_sessionByConnectionOfUser.TryGetValue(userId, out var connections))
            {
                _sessionByConnectionOfUser[userId] = connections = new(StringComparer.Ordinal);
            }
            connections[connectionId] = sessionId;
            _userOfConnection[connectionId] = userId;
        }
    }

    public void Remove(string connectionId)
    {
        lock (_lock)
        {
            if (_userOfConnection.Remove(connectionId, out var userId)
                && _sessionByConnectionOfUser.TryGetValue(userId, out var connections)
                && connections.Remove(connectionId) && connections.Count == 0)
            {
                _sessionByConnectionOfUser.Remove(userId);
            }
        }
    }

    /// <summary>The user's connections here and the session of each.</summary>
    public IReadOnlyList<(string ConnectionId, string SessionId)> Of(string userId)
    {
        lock (_lock)
        {
            return _sessionByConnectionOfUser.TryGetValue(userId, out var connections)
                ? [.. connections.Select(c => (c.Key, c.Value))]
                : [];
        }
    }
}
