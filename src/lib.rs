//! Examples and integration tests for fg; nothing to use here.
