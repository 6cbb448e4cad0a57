import Testing
@testable import YAMLSource
