// Placeholder: the libyaml wrapper lands here.
