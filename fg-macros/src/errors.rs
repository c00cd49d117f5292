//! The error accumulator every phase writes to, so one build reports every mistake
//! (serde_derive's `Ctxt`): push spanned errors, then `finish()` combines them.

use std::cell::RefCell;
use std::fmt::Display;

use quote::ToTokens;

/// Collects `syn::Error`s; must end with [`Errors::finish`].
pub(crate) struct Errors(RefCell<Option<Vec<syn::Error>>>);

impl Errors {
    pub(crate) fn new() -> Self {
        Self(RefCell::new(Some(Vec::new())))
    }

    /// Records `msg` spanned at `tokens`, the user's offending tokens.
    pub(crate) fn at(&self, tokens: impl ToTokens, msg: impl Display) {
        self.push(syn::Error::new_spanned(tokens, msg));
    }

    /// Records an error built elsewhere (a parse error, or one spanned at a delimiter).
    pub(crate) fn push(&self, error: syn::Error) {
        self.0
            .borrow_mut()
            .as_mut()
            .expect("fg-macros: Errors used after finish()")
            .push(error);
    }

    /// `Ok` when nothing was recorded, otherwise all errors combined into one.
    pub(crate) fn finish(self) -> syn::Result<()> {
        let mut all = self
            .0
            .borrow_mut()
            .take()
            .expect("fg-macros: Errors finished twice")
            .into_iter();
        let Some(mut first) = all.next() else {
            return Ok(());
        };
        all.for_each(|e| first.combine(e));
        Err(first)
    }
}

impl Errors {
    /// [`finish`](Self::finish) with the value a phase built: the value when nothing was
    /// recorded and it was built, otherwise every error (the value's own last).
    pub(crate) fn finish_with<T>(self, value: syn::Result<T>) -> syn::Result<T> {
        match (self.finish(), value) {
            (Ok(()), value) => value,
            (Err(all), Ok(_)) => Err(all),
            (Err(mut all), Err(error)) => {
                all.combine(error);
                Err(all)
            }
        }
    }
}

impl Drop for Errors {
    fn drop(&mut self) {
        // Internal invariant, not user input: a phase forgot to call finish().
        assert!(
            std::thread::panicking() || self.0.borrow().is_none(),
            "fg-macros: Errors dropped without finish()"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::Errors;
    use proc_macro2::Span;

    #[test]
    fn no_errors_is_ok() {
        assert!(Errors::new().finish().is_ok());
    }

    #[test]
    fn every_error_is_kept() {
        let errors = Errors::new();
        errors.push(syn::Error::new(Span::call_site(), "first"));
        errors.at(quote::quote!(x), "second");
        let combined = errors.finish().unwrap_err();
        let messages: Vec<String> = combined.into_iter().map(|e| e.to_string()).collect();
        assert_eq!(messages, ["first", "second"]);
    }
}
