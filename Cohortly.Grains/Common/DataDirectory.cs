using System.Security.Cryptography;

namespace Cohortly.Common;

/// <summary>
/// Where an embedded process keeps its SQLite file, dev mailbox and generated keys
/// (<c>Cohortly:DataDirectory</c>). Two processes with different directories never share anything.
/// </summary>
public sealed class DataDirectory
{
    public DataDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>
    /// The random key kept in <c>keys/<paramref name="name"/></c>, made on first use: written to a temporary file only
    /// this user may read, then moved into place, so two processes starting at once on one data directory end up
    /// with the same key.
    /// </summary>
    public byte[] Key(string name, int bytes)
    {
        var file = System.IO.Path.Combine(Folder("keys"), name);
        if (!File.Exists(file))
        {
            var temporary = $"{file}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temporary, Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            try
            {
                File.Move(temporary, file, overwrite: false);
            }
            catch (IOException) when (File.Exists(file))
            {
                File.Delete(temporary);
            }
        }
        return Convert.FromBase64String(File.ReadAllText(file).Trim());
    }

    /// <summary>A sub-folder of the data directory, created if missing.</summary>
    public string Folder(string name)
    {
        var folder = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
