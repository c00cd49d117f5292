//! The attribute's arguments, `#[dis_handler(init = connect, shutdown = on_shutdown)]`: one
//! [`Arg`] variant per key, each value the path of a function of the user's.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{Path, Token};

use crate::errors::Errors;
use crate::trigger::Trigger;

/// The parsed arguments. Each key keeps its keyword for duplicate checks and for errors that
/// relate it to the signature.
#[derive(Default)]
pub(crate) struct Args {
    /// `init = path`: builds the state once, before the first invocation.
    pub(crate) init: Option<(kw::init, Path)>,
    /// `shutdown = path`: runs once when the platform stops the instance (SIGTERM).
    pub(crate) shutdown: Option<(kw::shutdown, Path)>,
    /// `crate = path`: where fg-runtime is, for a dependency renamed in Cargo.toml (as tokio's
    /// macros take it).
    pub(crate) krate: Option<(Token![crate], Path)>,
    /// `init` was written but its value is not a path (already reported): later checks
    /// that need `init` stay quiet.
    pub(crate) init_unreadable: bool,
}

impl Args {
    /// Parses `tokens` (what is inside the attribute's parentheses); records errors and
    /// returns what could be parsed.
    pub(crate) fn parse(errors: &Errors, trigger: Trigger, tokens: TokenStream) -> Self {
        let mut args = Self::default();
        let parser = |input: ParseStream<'_>| args.parse_keys(errors, trigger, input);
        if let Err(error) = parser.parse2(tokens) {
            errors.push(error);
        }
        args
    }

    fn parse_keys(
        &mut self,
        errors: &Errors,
        trigger: Trigger,
        input: ParseStream<'_>,
    ) -> syn::Result<()> {
        while !input.is_empty() {
            let init = input.peek(kw::init);
            match Arg::parse(trigger, input)? {
                Ok(arg) => self.set(errors, arg),
                Err(error) => {
                    self.init_unreadable |= init;
                    errors.push(error);
                }
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(())
    }

    /// Stores one argument; a key given twice is an error spanned at the second keyword.
    fn set(&mut self, errors: &Errors, arg: Arg) {
        fn store<K: ToTokens>(
            errors: &Errors,
            slot: &mut Option<(K, Path)>,
            name: &str,
            key: K,
            path: Path,
        ) {
            if slot.is_some() {
                errors.at(&key, format!("`{name}` given twice; keep one `{name} = …`"));
            } else {
                *slot = Some((key, path));
            }
        }
        match arg {
            Arg::Init(key, path) => store(errors, &mut self.init, "init", key, path),
            Arg::Shutdown(key, path) => store(errors, &mut self.shutdown, "shutdown", key, path),
            Arg::Crate(key, path) => store(errors, &mut self.krate, "crate", key, path),
        }
    }
}

/// Keywords of the accepted keys.
pub(crate) mod kw {
    syn::custom_keyword!(init);
    syn::custom_keyword!(shutdown);
}

/// One `key = value` argument, keeping the keyword for its span. The accepted keys are
/// listed once, in [`Arg::KEYS`], and the unknown-argument message is built from it.
/// Adding a key: a variant, its name in `KEYS`, a keyword in `kw`, a
/// `lookahead.peek(kw::…)` branch in [`Arg::parse`] and an arm in [`Args::set`].
enum Arg {
    Init(kw::init, Path),
    Shutdown(kw::shutdown, Path),
    Crate(Token![crate], Path),
}

impl Arg {
    const KEYS: &'static [(&'static str, &'static str)] = &[
        ("init", "<function>"),
        ("shutdown", "<function>"),
        ("crate", "<path to fg_runtime>"),
    ];

    /// The outer `Err` stops parsing (the rest cannot be read); the inner one is a mistake in
    /// this argument's value, recorded while parsing goes on.
    fn parse(trigger: Trigger, input: ParseStream<'_>) -> syn::Result<syn::Result<Self>> {
        let lookahead = input.lookahead1();
        if lookahead.peek(kw::init) {
            let key: kw::init = input.parse()?;
            input.parse::<Token![=]>()?;
            Ok(function_path(input, "init", "connect").map(|path| Self::Init(key, path)))
        } else if lookahead.peek(kw::shutdown) {
            let key: kw::shutdown = input.parse()?;
            input.parse::<Token![=]>()?;
            Ok(function_path(input, "shutdown", "on_shutdown")
                .map(|path| Self::Shutdown(key, path)))
        } else if lookahead.peek(Token![crate]) {
            let key: Token![crate] = input.parse()?;
            input.parse::<Token![=]>()?;
            Ok(crate_path(input).map(|path| Self::Crate(key, path)))
        } else {
            Err(unknown_argument(trigger, input))
        }
    }
}

/// The value of `key`: the path of a function. Anything else (a string, a closure, a call)
/// is consumed up to the next `,` and reported at once.
fn function_path(input: ParseStream<'_>, key: &str, example: &str) -> syn::Result<Path> {
    let fork = input.fork();
    if fork.parse::<Path>().is_ok() && (fork.is_empty() || fork.peek(Token![,])) {
        return input.parse();
    }
    let mut value = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        value.extend([input.parse::<proc_macro2::TokenTree>()?]);
    }
    let message = format!(
        "`{key}` takes the path of a function, written without quotes or parentheses: \
         `{key} = {example}`"
    );
    if value.is_empty() {
        Err(input.error(message))
    } else {
        Err(syn::Error::new_spanned(value, message))
    }
}

/// The value of `crate`: a path, written as in a `use` (`fg`, `::fg`, `crate::reexports::fg`).
fn crate_path(input: ParseStream<'_>) -> syn::Result<Path> {
    let fork = input.fork();
    if fork.call(Path::parse_mod_style).is_ok() && (fork.is_empty() || fork.peek(Token![,])) {
        return input.call(Path::parse_mod_style);
    }
    let mut value = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        value.extend([input.parse::<proc_macro2::TokenTree>()?]);
    }
    let message = "`crate` takes the path fg-runtime is reachable at, without quotes: \
                   `crate = fg` when Cargo.toml renames the dependency to `fg`";
    if value.is_empty() {
        Err(input.error(message))
    } else {
        Err(syn::Error::new_spanned(value, message))
    }
}

fn unknown_argument(trigger: Trigger, input: ParseStream<'_>) -> syn::Error {
    let attribute = trigger.attribute();
    let expected: Vec<String> = Arg::KEYS
        .iter()
        .map(|(key, value)| format!("`{key} = {value}`"))
        .collect();
    let expected = expected.join(" or ");
    match input.parse::<proc_macro2::TokenTree>() {
        Ok(token) => syn::Error::new_spanned(
            &token,
            format!(
                "unknown argument `{}` for {attribute}; expected {expected}",
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

    fn parse(tokens: proc_macro2::TokenStream) -> (Vec<String>, Args) {
        let errors = Errors::new();
        let args = Args::parse(&errors, Trigger::Dis, tokens);
        let messages = match errors.finish() {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        };
        (messages, args)
    }

    fn messages(tokens: proc_macro2::TokenStream) -> Vec<String> {
        parse(tokens).0
    }

    #[test]
    fn no_arguments_is_accepted() {
        assert!(messages(quote!()).is_empty());
    }

    #[test]
    fn init_and_shutdown_take_paths() {
        let (found, args) = parse(quote!(init = db::connect, shutdown = on_shutdown,));
        assert!(found.is_empty(), "{found:?}");
        let (_, init) = args.init.expect("init parsed");
        assert_eq!(init.segments.len(), 2);
        assert!(args.shutdown.is_some());
    }

    #[test]
    fn an_unknown_argument_names_the_accepted_keys() {
        assert_eq!(
            messages(quote!(flavor = "x")),
            [
                "unknown argument `flavor` for `#[dis_handler]`; expected `init = <function>` or `shutdown = <function>` or `crate = <path to fg_runtime>`"
            ]
        );
    }

    #[test]
    fn crate_takes_a_path() {
        let (found, args) = parse(quote!(crate = ::my_fg, init = connect));
        assert!(found.is_empty(), "{found:?}");
        let (_, path) = args.krate.expect("crate parsed");
        assert!(path.leading_colon.is_some());
        assert_eq!(
            messages(quote!(crate = "fg")),
            [
                "`crate` takes the path fg-runtime is reachable at, without quotes: `crate = fg` when Cargo.toml renames the dependency to `fg`"
            ]
        );
    }

    #[test]
    fn a_key_given_twice_is_reported() {
        assert_eq!(
            messages(quote!(init = a, init = b)),
            ["`init` given twice; keep one `init = …`"]
        );
    }

    #[test]
    fn a_value_that_is_not_a_path_is_reported_and_parsing_goes_on() {
        assert_eq!(
            messages(quote!(init = "connect", init = connect(), shutdown = stop)),
            [
                "`init` takes the path of a function, written without quotes or parentheses: `init = connect`",
                "`init` takes the path of a function, written without quotes or parentheses: `init = connect`",
            ]
        );
    }
}
