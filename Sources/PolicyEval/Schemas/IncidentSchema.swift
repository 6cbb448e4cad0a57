extension Schemas {
    /// Incident files (docs/incident-format.md). Stricter than `check` in one way: a key the format
    /// does not define is an error here, where `check` ignores it, since it is most often a
    /// misspelling (`timezon` would leave the incident in the default zone). Event types, facts and
    /// data fields are checked for their shape only; `check` types them against the vocabulary.
    /// `$defs/event` is one line of a JSON Lines stream, `$defs/subjectFile` a stream's subject file.
    static let incident = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "title": "policyeval incident",
      "description": "One child's incident: the child, by a pseudonymous id, and the events recorded about them (docs/incident-format.md). `policyeval check` also types the events against the vocabulary.",
      "type": "object",
      "properties": {
        "incident": {"$ref": "#/$defs/header"},
        "events": {"type": "array", "items": {"$ref": "#/$defs/event"}}
      },
      "required": ["incident", "events"],
      "additionalProperties": false,
      "$defs": {
        "nonEmpty": {"type": "string", "minLength": 1},
        "instant": {
          "type": "string",
          "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$",
          "description": "RFC 3339 with an offset or Z, like 2026-03-14T22:10:00Z; a time without one is an error, never a guess."
        },
        "date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "header": {
          "type": "object",
          "properties": {
            "id": {"$ref": "#/$defs/nonEmpty"},
            "timezone": {"anyOf": [{"$ref": "#/$defs/nonEmpty"}, {"type": "null"}], "description": "An IANA zone name; default Europe/London."},
            "policy": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "The id of the policy to apply, unless --policy says otherwise."},
            "subject": {"$ref": "#/$defs/subject"}
          },
          "required": ["id", "subject"],
          "additionalProperties": false
        },
        "subject": {
          "type": "object",
          "description": "The child: a pseudonymous id, never a name.",
          "properties": {
            "id": {"$ref": "#/$defs/nonEmpty"},
            "born": {"anyOf": [{"$ref": "#/$defs/date"}, {"type": "null"}]},
            "facts": {
              "type": "object",
              "description": "Facts of the vocabulary before the first event; null or left out where unknown.",
              "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
              "additionalProperties": {"type": ["boolean", "null"]}
            }
          },
          "required": ["id"],
          "additionalProperties": false
        },
        "event": {
          "type": "object",
          "properties": {
            "id": {"$ref": "#/$defs/nonEmpty", "description": "Unique within the incident."},
            "type": {"type": "string", "pattern": "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$", "description": "An event type of the vocabulary."},
            "time": {"$ref": "#/$defs/instant"},
            "data": {
              "type": ["object", "null"],
              "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
              "additionalProperties": {
                "anyOf": [
                  {"type": ["string", "boolean", "integer", "null"]},
                  {"type": "array", "items": {"type": "string"}}
                ]
              }
            },
            "specversion": {"type": "string"},
            "source": {"type": "string"},
            "subject": {"type": "string"},
            "datacontenttype": {"type": "string"},
            "dataschema": {"type": "string"}
          },
          "required": ["id", "type", "time"],
          "additionalProperties": false
        },
        "subjectFile": {
          "type": "object",
          "description": "The subject file of a stream (--subject): an incident file without events.",
          "properties": {"incident": {"$ref": "#/$defs/header"}},
          "required": ["incident"],
          "additionalProperties": false
        }
      }
    }

    """#
}
