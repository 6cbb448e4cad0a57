// The library's users see the time and source-location types without extra imports.
@_exported import PolicyTime
@_exported import YAMLSource
