extension Schemas {
    /// Reports (docs/report-format.md): exactly what this version of `check --format json`
    /// writes, every field required and no other (a consumer reading a later version's reports
    /// should ignore fields it does not know rather than validate them with this schema).
    static let report = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "title": "policyeval report",
      "description": "The answer for one incident as of one instant: `policyeval check --format json` (docs/report-format.md).",
      "type": "object",
      "properties": {
        "policy": {
          "type": "object",
          "properties": {"id": {"type": "string"}, "version": {"type": "string"}, "title": {"type": "string"}},
          "required": ["id", "version", "title"],
          "additionalProperties": false
        },
        "incident": {"type": "string"},
        "as_of": {"$ref": "#/$defs/instant"},
        "summary": {
          "type": "object",
          "properties": {
            "met": {"$ref": "#/$defs/count"}, "late": {"$ref": "#/$defs/count"}, "early": {"$ref": "#/$defs/count"},
            "overdue": {"$ref": "#/$defs/count"}, "pending": {"$ref": "#/$defs/count"}, "cancelled": {"$ref": "#/$defs/count"},
            "indeterminate": {"$ref": "#/$defs/count"},
            "escalations": {"$ref": "#/$defs/count", "description": "Everyone to be told: notifications and escalations."},
            "indeterminate_notifications": {"$ref": "#/$defs/count"},
            "notifications": {"$ref": "#/$defs/count"},
            "overdue_escalations": {"$ref": "#/$defs/count"}
          },
          "required": ["met", "late", "early", "overdue", "pending", "cancelled", "indeterminate", "escalations",
                       "indeterminate_notifications", "notifications", "overdue_escalations"],
          "additionalProperties": false
        },
        "obligations": {"type": "array", "items": {"$ref": "#/$defs/obligation"}},
        "escalations": {"type": "array", "items": {"$ref": "#/$defs/escalation"}},
        "diagnostics": {
          "type": "array",
          "items": {
            "type": "object",
            "properties": {
              "severity": {"enum": ["error", "warning", "note"]},
              "event": {"type": ["string", "null"]},
              "message": {"type": "string"}
            },
            "required": ["severity", "event", "message"],
            "additionalProperties": false
          }
        },
        "indeterminate_notifications": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/escalationFields",
            "properties": {"unknown": {"$ref": "#/$defs/strings", "description": "The facts or fields the record does not give."}},
            "required": ["unknown"],
            "unevaluatedProperties": false
          }
        }
      },
      "required": ["policy", "incident", "as_of", "summary", "obligations", "escalations", "diagnostics", "indeterminate_notifications"],
      "additionalProperties": false,
      "$defs": {
        "instant": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", "description": "RFC 3339 in UTC."},
        "date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "count": {"type": "integer", "minimum": 0},
        "strings": {"type": "array", "items": {"type": "string"}},
        "citation": {
          "type": "object",
          "properties": {"document": {"type": "string"}, "section": {"type": "string"}},
          "required": ["document", "section"],
          "additionalProperties": false
        },
        "obligation": {
          "type": "object",
          "properties": {
            "rule": {"type": "string"},
            "citation": {"$ref": "#/$defs/citation"},
            "action": {"type": "string"},
            "responsible": {"type": ["string", "null"]},
            "triggered_by": {"type": "string"},
            "triggered_at": {"$ref": "#/$defs/instant"},
            "due": {"$ref": "#/$defs/instant", "description": "9999-12-31T23:59:59Z where the duty has no date yet."},
            "due_date": {"anyOf": [{"$ref": "#/$defs/date"}, {"type": "null"}]},
            "status": {"enum": ["met", "late", "early", "overdue", "pending", "cancelled", "indeterminate"]},
            "satisfied_by": {"type": ["string", "null"]},
            "because": {"$ref": "#/$defs/strings"},
            "satisfied_at": {"anyOf": [{"$ref": "#/$defs/instant"}, {"type": "null"}]},
            "cancelled_by": {"type": ["string", "null"]},
            "immediately": {"type": "boolean"},
            "window_opens": {"anyOf": [{"$ref": "#/$defs/instant"}, {"type": "null"}]},
            "occurrence": {"type": "integer", "minimum": 1},
            "unknown": {"$ref": "#/$defs/strings"},
            "closed_by": {"type": ["string", "null"]}
          },
          "required": ["rule", "citation", "action", "responsible", "triggered_by", "triggered_at", "due", "due_date", "status",
                       "satisfied_by", "because", "satisfied_at", "cancelled_by", "immediately", "window_opens", "occurrence",
                       "unknown", "closed_by"],
          "additionalProperties": false
        },
        "escalationFields": {
          "type": "object",
          "properties": {
            "rule": {"type": "string"},
            "citation": {"$ref": "#/$defs/citation"},
            "at": {"$ref": "#/$defs/instant"},
            "notify": {"$ref": "#/$defs/strings"},
            "because": {"$ref": "#/$defs/strings"},
            "kind": {"enum": ["notification", "escalation"]}
          },
          "required": ["rule", "citation", "at", "notify", "because", "kind"]
        },
        "escalation": {"$ref": "#/$defs/escalationFields", "unevaluatedProperties": false}
      }
    }

    """#
}
