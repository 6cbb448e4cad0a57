import Testing
@testable import PolicyTime
