import Testing
@testable import PolicyEval
