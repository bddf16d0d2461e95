namespace Cohortly.Integrations.Email;

/// <summary>One message as the dev mailbox keeps it (a JSON file) and lists it.</summary>
public sealed record DevMailboxMessage(
    string MessageId,
    string To,
    string Subject,
    string Html,
    string Text,
    DateTimeOffset SentAt,
    IReadOnlyList<string> Attachments);
