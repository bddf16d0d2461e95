using Microsoft.AspNetCore.Http.HttpResults;

namespace Cohortly.Frontend.Infrastructure;

/// <summary>
/// Collects field problems for a validation problem response, keyed by the JSON field name: the one way endpoints
/// check a request's shape before a grain sees it.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    public static FieldErrors Of(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return errors;
    }

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
    }

    /// <summary>Adds every problem of a rule check (the <c>*Rules.Validate</c> methods shared with the grains).</summary>
    public void AddAll(IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }
    }

    /// <summary>Requires a value: not null and, for text, not blank.</summary>
    public void Require<T>(string field, T? value)
    {
        if (value is null || (value is string text && string.IsNullOrWhiteSpace(text)))
        {
            Add(field, $"{Label(field)} is required.");
        }
    }

    /// <summary>Requires a non-blank string of at most <paramref name="maxLength"/> characters.</summary>
    public bool RequireText(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{Label(field)} is required.");
            return false;
        }
        if (value.Length > maxLength)
        {
            Add(field, $"{Label(field)} can be at most {maxLength} characters.");
            return false;
        }
        if (value.Any(char.IsControl))
        {
            Add(field, $"{Label(field)} cannot contain line breaks or other control characters.");
            return false;
        }
        return true;
    }

    /// <summary>How a person reads a JSON field name in a message shown beside the field: "displayName" → "Display name".</summary>
    public static string Label(string field)
    {
        var words = new System.Text.StringBuilder(field.Length + 4);
        foreach (var c in field)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : c);
            }
        }
        return words.ToString();
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray());

    public ValidationProblem ToProblem() => Problems.Validation(ToDictionary());
}
