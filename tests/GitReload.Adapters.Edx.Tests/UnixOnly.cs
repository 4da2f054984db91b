using System.Runtime.Versioning;

// The stubs are /bin/sh scripts and process checks read /proc: these tests run on Linux only.
[assembly: UnsupportedOSPlatform("windows")]
