using System.Text.Json;
using Cohortly.Common;

namespace Cohortly.Integrations.Email;

public sealed record DevMailboxMessage(
    string MessageId,
    string To,
    string Subject,
    string Html,
    string Text,
    DateTimeOffset SentAt,
    IReadOnlyList<string> Attachments);

/// <summary>
/// The embedded email transport: each message becomes a JSON file in the data directory, so a developer
/// (and the tests) can read what would have been sent without any mail server.
/// </summary>
public sealed class DevMailbox(DataDirectory dataDirectory, TimeProvider time) : IEmailSender
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _folder = dataDirectory.Folder("mailbox");

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var sentAt = time.GetUtcNow();
        var stored = new DevMailboxMessage(
            SecureTokens.NewId(), message.To, message.Subject, message.Html, message.Text, sentAt, []);
        // Ticks first so a directory listing sorts by send time; write then rename so readers never see half a file.
        var name = $"{sentAt.UtcTicks:D20}-{stored.MessageId}";
        var temporary = Path.Combine(_folder, name + ".tmp");
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(stored, Json), cancellationToken);
        File.Move(temporary, Path.Combine(_folder, name + ".json"));
    }

    /// <summary>The newest messages first.</summary>
    public async Task<IReadOnlyList<DevMailboxMessage>> ReadNewestAsync(int max, CancellationToken cancellationToken = default)
    {
        var files = Directory.EnumerateFiles(_folder, "*.json")
            .OrderDescending(StringComparer.Ordinal)
            .Take(max);
        var messages = new List<DevMailboxMessage>();
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            var message = await JsonSerializer.DeserializeAsync<DevMailboxMessage>(stream, Json, cancellationToken);
            if (message is not null)
            {
                messages.Add(message);
            }
        }
        return messages;
    }
}
