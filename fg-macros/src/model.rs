//! The parse phase: the user's function as the macro sees it (event, context, output,
//! asyncness), borrowing the user's syntax so every later error keeps its spans. Checks that
//! need a single token (`unsafe`, generics, a parameter's form) are made here.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;
use syn::{FnArg, GenericArgument, ItemFn, PathArguments, ReturnType, Safety, Signature, Type};

use crate::errors::Errors;
use crate::trigger::Trigger;

/// The item under the attribute, when it is a function with a body.
///
/// Otherwise the error points at the item's head (`struct Summary`, `const LIMIT: u8 = 1`),
/// not at its whole body.
pub(crate) fn parse_fn(trigger: Trigger, item: TokenStream) -> syn::Result<ItemFn> {
    syn::parse2(item.clone()).map_err(|_| {
        let message = format!(
            "{} applies to a function: `fn handle{} -> {} {{ … }}`",
            trigger.attribute(),
            trigger.signature().trim_matches('`'),
            trigger.returns(),
        );
        let head = item_head(item.clone());
        if head.is_empty() {
            syn::Error::new_spanned(item, message)
        } else {
            syn::Error::new_spanned(head, message)
        }
    })
}

/// The tokens after the outer attributes and before the first `{ … }` or `;`.
fn item_head(item: TokenStream) -> TokenStream {
    let mut tokens = item.into_iter().peekable();
    while let Some(TokenTree::Punct(pound)) = tokens.peek() {
        if pound.as_char() != '#' || pound.spacing() != Spacing::Alone {
            break;
        }
        tokens.next();
        tokens.next(); // the `[ … ]` of the attribute
    }
    tokens
        .take_while(|token| match token {
            TokenTree::Group(group) => group.delimiter() != Delimiter::Brace,
            TokenTree::Punct(punct) => punct.as_char() != ';',
            TokenTree::Ident(_) | TokenTree::Literal(_) => true,
        })
        .collect()
}

/// A handler function, parameters sorted by role.
pub(crate) struct HandlerFn<'a> {
    pub(crate) trigger: Trigger,
    pub(crate) sig: &'a Signature,
    /// The first typed parameter.
    pub(crate) event: Option<&'a Type>,
    /// The second typed parameter, the `&Context`.
    pub(crate) context: Option<&'a Type>,
    /// The third typed parameter, `&State`: the parameter and the state type behind the
    /// reference (checked in `validate`, since it needs `init`).
    pub(crate) state: Option<State<'a>>,
    /// Typed parameters after the third: always an error, reported in `validate`.
    pub(crate) extra: Vec<&'a FnArg>,
    pub(crate) output: Output<'a>,
}

/// The state parameter as written.
pub(crate) struct State<'a> {
    pub(crate) arg: &'a FnArg,
    pub(crate) ty: &'a Type,
}

impl<'a> State<'a> {
    /// The type the state parameter borrows: `State` for `&State`; `None` when it is not a
    /// shared reference (an error, reported in `validate`).
    pub(crate) fn borrowed(&self) -> Option<&'a Type> {
        match self.ty {
            Type::Reference(reference) if reference.mutability.is_none() => Some(&reference.elem),
            _ => None,
        }
    }
}

/// What the function returns, classified from the written type alone.
pub(crate) enum Output<'a> {
    /// No return type: `()`.
    Unit,
    /// A value the runtime turns into the response body.
    Plain(&'a Type),
    /// A type whose last path segment is `Result` or ends with `Result`: `Result<T, E>`,
    /// `anyhow::Result<T>`, `fmt::Result`, `MyResult<T>`. `ok` and `err` are the written
    /// type arguments, when present, so errors about them can point there.
    Fallible {
        ty: &'a Type,
        ok: Option<&'a Type>,
        err: Option<&'a Type>,
    },
}

impl<'a> HandlerFn<'a> {
    pub(crate) fn from_item(errors: &Errors, item: &'a ItemFn, trigger: Trigger) -> Self {
        let sig = &item.sig;
        check_signature(errors, trigger, sig);
        let attribute = trigger.attribute();
        let mut typed = Vec::new();
        for arg in &sig.inputs {
            match arg {
                FnArg::Receiver(receiver) => errors.at(
                    receiver,
                    format!(
                        "{attribute} cannot be used on a method; \
                         move it to a free function `fn handle{}`",
                        trigger.signature().trim_matches('`')
                    ),
                ),
                FnArg::Typed(pat_type) => typed.push((arg, &*pat_type.ty)),
            }
        }
        let event = typed.first().map(|&(_, ty)| ty);
        let context = typed.get(1).map(|&(_, ty)| ty);
        if let Some(ty) = event {
            check_event(errors, trigger, ty);
        }
        if let Some(ty) = context {
            check_context(errors, trigger, ty);
        }
        Self {
            trigger,
            sig,
            event,
            context,
            state: typed.get(2).map(|&(arg, ty)| State { arg, ty }),
            extra: typed.iter().skip(3).map(|&(arg, _)| arg).collect(),
            output: Output::of(&sig.output),
        }
    }
}

/// The parts of the signature other than the parameters: qualifiers, name, generics.
fn check_signature(errors: &Errors, trigger: Trigger, sig: &Signature) {
    let attribute = trigger.attribute();
    if let Safety::Unsafe(unsafe_token) = &sig.safety {
        errors.at(
            unsafe_token,
            format!("{attribute} cannot be used on an `unsafe fn`; remove `unsafe`"),
        );
    }
    if let Some(abi) = &sig.abi {
        errors.at(
            abi,
            format!(
                "{attribute} cannot be used on an `extern` function; \
                     write a plain `fn` or `async fn`"
            ),
        );
    }
    if sig.ident == "main" {
        errors.at(
            &sig.ident,
            format!(
                "{attribute} generates `main` itself, so the handler cannot be named `main`; \
                 rename it, e.g. `fn handle`"
            ),
        );
    }
    if !sig.generics.params.is_empty() {
        errors.at(
            &sig.generics,
            format!(
                "{attribute} functions cannot be generic; write the concrete types: {}{}",
                trigger.signature(),
                trigger.event_note()
            ),
        );
    }
    if let Some(where_clause) = &sig.generics.where_clause {
        errors.at(
            where_clause,
            format!(
                "{attribute} functions cannot have a `where` clause; \
                     write the concrete types: {}{}",
                trigger.signature(),
                trigger.event_note()
            ),
        );
    }
    if let Some(variadic) = &sig.variadic {
        errors.at(
            variadic,
            format!(
                "{attribute} functions cannot be variadic; the parameters are {}",
                trigger.signature()
            ),
        );
    }
}

fn check_event(errors: &Errors, trigger: Trigger, ty: &Type) {
    let attribute = trigger.attribute();
    let event_param = trigger.event_param();
    let note = trigger.event_note();
    if contains_impl_trait(ty) {
        errors.at(
            ty,
            format!(
                "{attribute} needs a concrete event type, not `impl Trait`: `{event_param}`{note}"
            ),
        );
    } else if let Type::Reference(_) = ty {
        errors.at(
            ty,
            format!("{attribute} passes the event by value; write `{event_param}`{note}"),
        );
    }
}

fn check_context(errors: &Errors, trigger: Trigger, ty: &Type) {
    let attribute = trigger.attribute();
    if contains_impl_trait(ty) {
        errors.at(
            ty,
            format!(
                "{attribute} needs the concrete context type, not `impl Trait`: `ctx: &Context`"
            ),
        );
        return;
    }
    match ty {
        Type::Reference(reference) if reference.mutability.is_some() => errors.at(
            ty,
            format!("{attribute} lends the context by shared reference; write `ctx: &Context`"),
        ),
        Type::Reference(_) => {}
        _ => errors.at(
            ty,
            format!("{attribute} lends the context by reference; write `ctx: &Context`"),
        ),
    }
}

/// `impl Trait` anywhere in the written type, e.g. `impl Into<DisEvent>`, `&impl Sized`,
/// `Vec<impl Sized>`: all make the function generic.
pub(crate) fn contains_impl_trait(ty: &Type) -> bool {
    fn walk(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            TokenTree::Ident(ident) => ident == "impl",
            TokenTree::Group(group) => walk(group.stream()),
            TokenTree::Punct(_) | TokenTree::Literal(_) => false,
        })
    }
    walk(ty.to_token_stream())
}

impl<'a> Output<'a> {
    fn of(output: &'a ReturnType) -> Self {
        match output {
            ReturnType::Default => Self::Unit,
            ReturnType::Type(_, ty) => Self::classify(ty),
        }
    }

    fn classify(ty: &'a Type) -> Self {
        match ty {
            Type::Paren(paren) => return Self::classify(&paren.elem),
            Type::Group(group) => return Self::classify(&group.elem),
            Type::Path(path) if path.qself.is_none() => {
                if let Some(last) = path.path.segments.last()
                    && last.ident.to_string().ends_with("Result")
                {
                    let mut args = type_arguments(&last.arguments);
                    return Self::Fallible {
                        ty,
                        ok: args.next(),
                        err: args.next(),
                    };
                }
            }
            _ => {}
        }
        Self::Plain(ty)
    }
}

fn type_arguments(arguments: &PathArguments) -> impl Iterator<Item = &Type> {
    let args = match arguments {
        PathArguments::AngleBracketed(angle) => Some(angle.args.iter()),
        PathArguments::None | PathArguments::Parenthesized(_) => None,
    };
    args.into_iter().flatten().filter_map(|arg| match arg {
        GenericArgument::Type(ty) => Some(ty),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::{Output, contains_impl_trait, item_head, parse_fn};
    use crate::trigger::Trigger;
    use quote::quote;
    use syn::{ReturnType, Type};

    fn classify(tokens: proc_macro2::TokenStream) -> &'static str {
        let output: ReturnType = syn::parse2(tokens).unwrap();
        match Output::of(&output) {
            Output::Unit => "unit",
            Output::Plain(_) => "plain",
            Output::Fallible { ok: None, .. } => "fallible",
            Output::Fallible { err: None, .. } => "fallible<T>",
            Output::Fallible { .. } => "fallible<T, E>",
        }
    }

    #[test]
    fn result_is_recognised_by_the_last_segment() {
        assert_eq!(classify(quote!()), "unit");
        assert_eq!(classify(quote!(-> Result<u8, String>)), "fallible<T, E>");
        assert_eq!(
            classify(quote!(-> ::core::result::Result<u8, E>)),
            "fallible<T, E>"
        );
        assert_eq!(classify(quote!(-> anyhow::Result<u8>)), "fallible<T>");
        assert_eq!(classify(quote!(-> std::io::Result<()>)), "fallible<T>");
        assert_eq!(classify(quote!(-> fmt::Result)), "fallible");
        assert_eq!(classify(quote!(-> MyResult<u8>)), "fallible<T>");
        assert_eq!(classify(quote!(-> (Result<u8, E>))), "fallible<T, E>");
    }

    #[test]
    fn everything_else_is_plain() {
        assert_eq!(classify(quote!(-> Summary)), "plain");
        assert_eq!(classify(quote!(-> ())), "plain");
        assert_eq!(classify(quote!(-> Results)), "plain");
        assert_eq!(classify(quote!(-> Result::Ok)), "plain");
        assert_eq!(classify(quote!(-> Option<Result<u8, E>>)), "plain");
        assert_eq!(classify(quote!(-> <T as Tr>::Result)), "plain");
        assert_eq!(classify(quote!(-> &'static str)), "plain");
    }

    #[test]
    fn impl_trait_is_found_anywhere() {
        let found = |tokens| contains_impl_trait(&syn::parse2::<Type>(tokens).unwrap());
        assert!(found(quote!(impl Into<DisEvent>)));
        assert!(found(quote!(&impl Sized)));
        assert!(found(quote!(Vec<impl Sized>)));
        assert!(!found(quote!(&fg_runtime::Context)));
    }

    #[test]
    fn a_non_function_is_named_by_its_head() {
        let head = item_head(quote!(
            #[derive(Debug)]
            #[doc = "x"]
            pub struct Summary {
                n: u8,
            }
        ));
        assert_eq!(head.to_string(), quote!(pub struct Summary).to_string());
        let head = item_head(quote!(
            const LIMIT: u8 = 1;
        ));
        assert_eq!(head.to_string(), quote!(const LIMIT: u8 = 1).to_string());
        let not_a_fn = quote!(
            struct Summary;
        );
        let Err(error) = parse_fn(Trigger::Dis, not_a_fn) else {
            panic!("a struct parsed as a function");
        };
        let message = error.to_string();
        assert!(
            message.starts_with("`#[dis_handler]` applies to a function"),
            "{message}"
        );
    }
}
