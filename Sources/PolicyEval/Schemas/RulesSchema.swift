extension Schemas {
    /// Rule files (docs/rule-language.md). Every mapping the compiler reads with a closed set of
    /// keys is closed here too (`additionalProperties: false`), so a misspelt key is an error in an
    /// editor as it is in `policyeval validate`. Values are YAML scalars: where the compiler reads
    /// text, a number or a yes/no is text too. Names (event types, roles, facts) are checked for
    /// their shape only; `validate` checks them against the vocabulary.
    static let rules = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "title": "policyeval rule file",
      "description": "One local safeguarding protocol encoded as rules (docs/rule-language.md). Check the meaning with `policyeval validate`, which also knows the vocabulary's event types, facts and roles.",
      "type": "object",
      "properties": {
        "policy": {"$ref": "#/$defs/id", "description": "The policy id: lower-case words joined by hyphens, like bcp-missing-children."},
        "title": {"$ref": "#/$defs/text"},
        "authority": {"anyOf": [{"$ref": "#/$defs/text"}, {"type": "null"}], "description": "The council, or null with a note saying why."},
        "version": {"$ref": "#/$defs/text"},
        "source": {"$ref": "#/$defs/text", "description": "The source document's title, used in citations."},
        "effective": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "The date the protocol took effect, like 2020-01-01."},
        "replaces": {"type": "string", "minLength": 1, "description": "The version of this policy that this one replaces."},
        "calendar": {"type": "string", "minLength": 1, "description": "A calendar of bank holidays: Policies/calendars/<name>.yaml."},
        "calendars": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}, "description": "Other calendars by the names duties use (police: england-and-wales)."},
        "office_hours": {
          "type": "object",
          "description": "Opening hours by day or range of days, like {mon-thu: \"08:30-17:15\", fri: \"08:30-16:45\"}.",
          "propertyNames": {"pattern": "^(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?$"},
          "additionalProperties": {"type": "string", "pattern": "^ *[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2} *(, *[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2} *)*$"}
        },
        "immediate": {"type": "string", "pattern": "^[0-9]+ *(m|h) *$", "description": "What `immediately` allows, in minutes or hours; default 1h."},
        "note": {"$ref": "#/$defs/note"},
        "roles": {
          "type": "object",
          "description": "Local roles beyond the vocabulary's, each with a description.",
          "propertyNames": {"$ref": "#/$defs/name"},
          "additionalProperties": {"anyOf": [{"$ref": "#/$defs/text"}, {"type": "null"}]}
        },
        "rules": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/rule"}}
      },
      "required": ["policy", "title", "authority", "version", "source", "calendar", "rules"],
      "additionalProperties": false,
      "if": {"properties": {"authority": {"type": "null"}}, "required": ["authority"]},
      "then": {"required": ["note"], "properties": {"note": {"$ref": "#/$defs/text"}}},
      "$defs": {
        "text": {"type": ["string", "number", "boolean"], "description": "A YAML scalar, read as text."},
        "note": {"anyOf": [{"$ref": "#/$defs/text"}, {"type": "null"}]},
        "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "name": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "eventType": {"type": "string", "pattern": "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$", "description": "An event type of the vocabulary, like missing.found."},
        "eventTypes": {"anyOf": [{"$ref": "#/$defs/eventType"}, {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/eventType"}}]},
        "role": {"$ref": "#/$defs/name", "description": "A role of the vocabulary or of the policy's roles."},
        "roles": {"anyOf": [{"$ref": "#/$defs/role"}, {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/role"}}]},
        "rolesOrNobody": {"anyOf": [{"$ref": "#/$defs/role"}, {"type": "array", "items": {"$ref": "#/$defs/role"}}]},
        "routedRoles": {
          "anyOf": [
            {"$ref": "#/$defs/roles"},
            {
              "type": "object",
              "description": "Routed by office hours; [] on one side: nobody is told at those times.",
              "properties": {"in_hours": {"$ref": "#/$defs/rolesOrNobody"}, "out_of_hours": {"$ref": "#/$defs/rolesOrNobody"}},
              "required": ["in_hours", "out_of_hours"],
              "additionalProperties": false
            }
          ]
        },
        "condition": {"type": ["string", "boolean"], "minLength": 1, "description": "An expression, like 'episode.risk == \"high\" or facts.looked_after'."},
        "duration": {"type": "string", "pattern": "^(immediately|at once|[0-9]+ *(m|h|d|wd|wkd|w|mo|wh)( +at +[0-9]{1,2}:[0-9]{2})? *)$", "description": "90m, 24h, 3d, 15wd, 5wkd, 6w, 3mo, 2wh, 1wd at 10:00, immediately (the policy's immediate allowance) or at once (no time: the duty should already be done)."},
        "length": {"type": "string", "pattern": "^[0-9]+ *(m|h|d|wd|w|mo) *$", "description": "How long an episode has been open: 90m, 24h, 3d, 4w, 20wd or 1mo."},
        "yesNo": {"enum": [true, false, "true", "false"]},
        "field": {"type": "string", "pattern": "^event\\.[a-z][a-z0-9_]*$", "description": "A date or time field of the triggering event, like event.date."},
        "localTime": {"type": "string", "pattern": "^[0-9]{2}:[0-9]{2}$"},
        "rule": {
          "type": "object",
          "properties": {
            "id": {"$ref": "#/$defs/id"},
            "cite": {"$ref": "#/$defs/text", "description": "The section number, or the heading where there is none."},
            "note": {"$ref": "#/$defs/note"},
            "when": {"$ref": "#/$defs/trigger"},
            "require": {"$ref": "#/$defs/obligation"},
            "notify": {"$ref": "#/$defs/routedRoles"},
            "escalate": {"type": "array", "items": {"$ref": "#/$defs/escalationStep"}}
          },
          "required": ["id", "cite", "when"],
          "anyOf": [{"required": ["require"]}, {"required": ["notify"]}],
          "dependentRequired": {"escalate": ["require"]},
          "additionalProperties": false
        },
        "trigger": {
          "type": "object",
          "description": "Exactly one of event, open (with for), overdue, and fact (with becomes or is); optionally if.",
          "properties": {
            "event": {"$ref": "#/$defs/eventTypes"},
            "open": {"$ref": "#/$defs/name", "description": "An episode kind: missing or absence."},
            "for": {"$ref": "#/$defs/length"},
            "overdue": {"$ref": "#/$defs/id", "description": "Another rule's id."},
            "fact": {"type": "string", "pattern": "^(facts\\.)?[a-z][a-z0-9_]*$"},
            "becomes": {"$ref": "#/$defs/yesNo"},
            "is": {"$ref": "#/$defs/yesNo"},
            "if": {"$ref": "#/$defs/condition"}
          },
          "oneOf": [{"required": ["event"]}, {"required": ["open"]}, {"required": ["overdue"]}, {"required": ["fact"]}],
          "dependentRequired": {"open": ["for"], "for": ["open"], "becomes": ["fact"], "is": ["fact"]},
          "if": {"required": ["fact"]},
          "then": {"oneOf": [{"required": ["becomes"]}, {"required": ["is"]}]},
          "additionalProperties": false
        },
        "obligation": {
          "type": "object",
          "properties": {
            "action": {"$ref": "#/$defs/eventTypes", "description": "The event type (or types) that discharges the duty."},
            "responsible": {
              "anyOf": [
                {"$ref": "#/$defs/role"},
                {
                  "type": "object",
                  "properties": {"in_hours": {"$ref": "#/$defs/role"}, "out_of_hours": {"$ref": "#/$defs/role"}},
                  "required": ["in_hours", "out_of_hours"],
                  "additionalProperties": false
                }
              ]
            },
            "within": {
              "anyOf": [
                {"$ref": "#/$defs/deadline"},
                {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/deadlineCase"}}
              ]
            },
            "before": {"anyOf": [{"$ref": "#/$defs/unlessEntry"}, {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/unlessEntry"}}], "description": "Events that must not come while the duty is undone; an entry {event, if} counts only when its condition holds."},
            "from": {"anyOf": [{"$ref": "#/$defs/unlessEntry"}, {"type": "array", "minItems": 1, "maxItems": 1, "items": {"$ref": "#/$defs/eventType"}}], "description": "Count the deadline from the latest earlier event of this type; an entry {event, if} counts only from one for which its condition holds."},
            "not_before": {"$ref": "#/$defs/duration"},
            "only_if": {"$ref": "#/$defs/condition"},
            "unless": {"anyOf": [{"$ref": "#/$defs/unlessEntry"}, {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/unlessEntry"}}]},
            "calendar": {"type": "string", "minLength": 1, "description": "A calendar the policy names in 'calendars', for this duty's deadlines."},
            "answers": {"enum": ["one", "all"], "description": "one (default): an answer covers the earliest open duty of the rule; all: every open duty of the rule."},
            "repeat": {
              "type": "object",
              "properties": {
                "every": {"$ref": "#/$defs/duration"},
                "each": {"$ref": "#/$defs/duration", "description": "A fixed schedule: each occurrence due this long after the previous one's due, done or not ('1wkd at 10:00')."},
                "until": {"$ref": "#/$defs/eventTypes"},
                "while": {"$ref": "#/$defs/condition"},
                "at": {"anyOf": [{"$ref": "#/$defs/localTime"}, {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/localTime"}}]}
              },
              "oneOf": [{"required": ["every"]}, {"required": ["each"], "not": {"required": ["at"]}}],
              "additionalProperties": false
            }
          },
          "required": ["action"],
          "anyOf": [{"required": ["within"]}, {"required": ["before"]}],
          "additionalProperties": false
        },
        "deadline": {
          "anyOf": [
            {"$ref": "#/$defs/duration"},
            {
              "type": "object",
              "description": "A deadline read from the record: {before: event.date, by: 3wd} or {at: event.review_date}.",
              "properties": {"before": {"$ref": "#/$defs/field"}, "by": {"$ref": "#/$defs/duration"}, "at": {"$ref": "#/$defs/field"}},
              "oneOf": [{"required": ["before", "by"], "not": {"required": ["at"]}}, {"required": ["at"], "not": {"anyOf": [{"required": ["before"]}, {"required": ["by"]}]}}],
              "additionalProperties": false
            }
          ]
        },
        "deadlineCase": {
          "type": "object",
          "properties": {"if": {"$ref": "#/$defs/condition"}, "within": {"$ref": "#/$defs/deadline"}},
          "required": ["within"],
          "additionalProperties": false
        },
        "unlessEntry": {
          "anyOf": [
            {"$ref": "#/$defs/eventType"},
            {
              "type": "object",
              "properties": {"event": {"$ref": "#/$defs/eventType"}, "if": {"$ref": "#/$defs/condition"}},
              "required": ["event", "if"],
              "additionalProperties": false
            }
          ]
        },
        "escalationStep": {
          "type": "object",
          "properties": {"after": {"$ref": "#/$defs/duration"}, "notify": {"$ref": "#/$defs/routedRoles"}},
          "required": ["notify"],
          "additionalProperties": false
        }
      }
    }

    """#
}
