@_exported import PolicyTime
