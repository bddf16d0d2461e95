using System.Security.Cryptography;
using System.Text;

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

    /// <summary>The random key kept (base64) in <c>keys/<paramref name="name"/></c>, made on first use (see <see cref="KeptFile"/>).</summary>
    public byte[] Key(string name, int bytes) =>
        Convert.FromBase64String(Encoding.ASCII.GetString(KeptFile(name, () => Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes))))).Trim());

    /// <summary>
    /// The bytes kept in <c>keys/<paramref name="name"/></c>, made by <paramref name="make"/> on first use: written to a
    /// temporary file only this user may read, then moved into place, so two processes starting at once on one data
    /// directory end up with the same contents.
    /// </summary>
    public byte[] KeptFile(string name, Func<byte[]> make)
    {
        var file = System.IO.Path.Combine(Folder("keys"), name);
        if (!File.Exists(file))
        {
            var temporary = $"{file}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temporary, make());
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
        return File.ReadAllBytes(file);
    }

    /// <summary>A sub-folder of the data directory, created if missing.</summary>
    public string Folder(string name)
    {
        var folder = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
