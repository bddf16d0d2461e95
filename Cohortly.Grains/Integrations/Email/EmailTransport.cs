namespace Cohortly.Integrations.Email;

public enum EmailTransport
{
    DevMailbox,
    Smtp,
    SendGrid,
}
