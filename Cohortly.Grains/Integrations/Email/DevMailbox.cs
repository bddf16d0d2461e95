using System.Text.Json;
using Cohortly.Email;

namespace Cohortly.Integrations.Email;

/// <summary>
/// The embedded email transport: each message becomes a JSON file in the data directory, so a developer
/// (and the tests) can read what would have been sent without any mail server.
/// </summary>
public sealed class DevMailbox(Common.DataDirectory dataDirectory, TimeProvider time) : IEmailSender
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _folder = dataDirectory.Folder("mailbox");

    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken = default)
    {
        var sentAt = time.GetUtcNow();
        var stored = new DevMailboxMessage(
            email.MessageId, email.To, email.Subject, email.Html, email.Text, sentAt,
            [.. email.Attachments.Where(a => a.ContentId is null).Select(a => a.FileName)]);
        // Ticks first so a directory listing sorts by send time.
        var name = $"{sentAt.UtcTicks:D20}-{email.MessageId}";
        var temporary = Path.Combine(_folder, name + ".tmp");
        // Write then rename so readers never see half a file.
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(stored, Json), cancellationToken);
        File.Move(temporary, Path.Combine(_folder, name + ".json"), overwrite: true);
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
