using System.Collections.Frozen;
using System.Globalization;

namespace Cohortly.Frontend.Accounts;

/// <summary>
/// OWASP ASVS 5.0 §6.2: at least 8 characters, up to 128 allowed (well over the 64 it asks for), any
/// characters including spaces and emoji, no composition rules, and no password from the common list
/// or made of the user's own email or name.
/// </summary>
public sealed class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    private readonly FrozenSet<string> _common;

    public PasswordPolicy()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Cohortly.Frontend.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is not embedded.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line);
            }
        }
        _common = words.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The problem with the password, or null if it is acceptable.</summary>
    public string? Check(string? password, string? email, string? displayName)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "Password is required.";
        }
        // Length in user-perceived characters, so an emoji counts once.
        var length = new StringInfo(password).LengthInTextElements;
        if (length < MinLength)
        {
            return $"Password must be {MinLength} to {MaxLength} characters long.";
        }
        if (password.Length > MaxLength * 2 || length > MaxLength)
        {
            return $"Password must be {MinLength} to {MaxLength} characters long.";
        }
        if (_common.Contains(password))
        {
            return "This password is one of the most common ones; choose another.";
        }
        var localPart = email?.Split('@')[0];
        if (IsSameWord(password, localPart) || IsSameWord(password, email) || IsSameWord(password, displayName))
        {
            return "Password cannot be your email address or your name.";
        }
        return null;
    }

    private static bool IsSameWord(string password, string? word) =>
        !string.IsNullOrWhiteSpace(word) && string.Equals(password.Trim(), word.Trim(), StringComparison.OrdinalIgnoreCase);
}
