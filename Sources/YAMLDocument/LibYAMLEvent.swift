internal import CYAML

/// Owns one libyaml event and frees what libyaml allocated for it when released.
final class LibYAMLEvent {
    /// Filled by `yaml_parser_parse`; zeroed (no event) until then.
    var raw = yaml_event_t()

    deinit {
        yaml_event_delete(&raw)
    }
}
