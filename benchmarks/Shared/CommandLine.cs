using System.Globalization;

namespace Cohortly.Benchmarking;

/// <summary>The load drivers' command lines: <c>--name value</c> pairs, and the checks every driver makes on them.</summary>
public static class CommandLine
{
    /// <summary>The <c>--name value</c> pairs in order; <c>-h</c>, <c>--help</c> or a name without a value throw with the usage.</summary>
    public static IEnumerable<(string Name, string Value)> Pairs(IReadOnlyList<string> args, string usage)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                throw new ArgumentException(usage);
            }
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value.\n{usage}");
            }
            yield return (name, args[++i]);
        }
    }

    public static TEnum Choice<TEnum>(string name, string value, string usage)
        where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(value, ignoreCase: true, out var choice) ? choice : throw new ArgumentException($"Unknown {name.TrimStart('-')} {value}.\n{usage}");

    public static ArgumentException Unknown(string name, string usage) => new($"Unknown option {name}.\n{usage}");

    public static int Count(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a positive whole number, not {value}.");

    public static double Seconds(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a positive number of seconds, not {value}.");
}
