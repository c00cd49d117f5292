//! The attribute's arguments, `#[dis_handler(...)]`. None are accepted yet; keys such as
//! tokio's `crate = "path"` will be parsed here, one [`Arg`] variant each.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::Token;
use syn::parse::{ParseStream, Parser};

use crate::errors::Errors;
use crate::trigger::Trigger;

/// The parsed arguments. A key becomes a field `Option<(kw::key, Value)>`, keeping the
/// keyword for duplicate checks and for errors that relate it to the signature.
#[derive(Debug, Default)]
pub(crate) struct Args {}

impl Args {
    /// Parses `tokens` (what is inside the attribute's parentheses); records errors and
    /// returns the defaults in their place.
    pub(crate) fn parse(errors: &Errors, trigger: Trigger, tokens: TokenStream) -> Self {
        let parser = |input: ParseStream<'_>| Self::parse_keys(trigger, input);
        parser.parse2(tokens).unwrap_or_else(|error| {
            errors.push(error);
            Self::default()
        })
    }

    fn parse_keys(trigger: Trigger, input: ParseStream<'_>) -> syn::Result<Self> {
        let mut args = Self::default();
        while !input.is_empty() {
            args.set(Arg::parse(trigger, input)?)?;
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(args)
    }

    /// Stores one argument; a key given twice is an error spanned at the second keyword.
    fn set(&mut self, arg: Arg) -> syn::Result<()> {
        match arg {}
    }
}

/// Keywords of the accepted keys, e.g. `syn::custom_keyword!(init);`.
mod kw {}

/// One `key = value` argument, keeping the keyword for its span. The accepted keys are
/// listed once, in [`Arg::KEYS`], and the unknown-argument message is built from it.
/// Adding a key: a variant, its name in `KEYS`, a keyword in `kw`, a
/// `lookahead.peek(kw::…)` branch in [`Arg::parse`] and an arm in [`Args::set`].
#[derive(Debug)]
enum Arg {}

impl Arg {
    const KEYS: &'static [&'static str] = &[];

    fn parse(trigger: Trigger, input: ParseStream<'_>) -> syn::Result<Self> {
        Err(unknown_argument(trigger, input))
    }
}

fn unknown_argument(trigger: Trigger, input: ParseStream<'_>) -> syn::Error {
    let attribute = trigger.attribute();
    if Arg::KEYS.is_empty() {
        let rest: TokenStream = input.parse().unwrap_or_default();
        let message =
            format!("{attribute} takes no arguments; write {attribute} with no parentheses");
        return syn::Error::new_spanned(rest, message);
    }
    let expected: Vec<String> = Arg::KEYS.iter().map(|key| format!("`{key}`")).collect();
    let expected = expected.join(", ");
    match input.parse::<proc_macro2::TokenTree>() {
        Ok(token) => syn::Error::new_spanned(
            &token,
            format!(
                "unknown argument `{}` for {attribute}; expected one of {expected}",
                token.to_token_stream()
            ),
        ),
        Err(error) => error,
    }
}

#[cfg(test)]
mod tests {
    use super::Args;
    use crate::errors::Errors;
    use crate::trigger::Trigger;
    use quote::quote;

    fn messages(tokens: proc_macro2::TokenStream) -> Vec<String> {
        let errors = Errors::new();
        let _args = Args::parse(&errors, Trigger::Dis, tokens);
        match errors.finish() {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn no_arguments_is_accepted() {
        assert!(messages(quote!()).is_empty());
    }

    #[test]
    fn any_argument_is_rejected_once() {
        assert_eq!(
            messages(quote!(flavor = "x", other)),
            ["`#[dis_handler]` takes no arguments; write `#[dis_handler]` with no parentheses"]
        );
    }
}
