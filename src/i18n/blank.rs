//! Texts with blanks for values: `Blank<str>` takes a name or a phrase,
//! `Blank<u32>` a number, `Blank2<u32, str>` a number then a phrase. The
//! translation decides where each blank goes (`{}`, in order), the type
//! says what fills it, and the i18n test checks that every blank text has
//! exactly as many `{}` as blanks and no other text has any. Cheaper in
//! the first load than a function per text.

use std::fmt;
use std::marker::PhantomData;

/// What may fill a blank: a phrase, by reference, or a number.
pub trait BlankValue {
    type Arg<'a>;
    fn text(value: Self::Arg<'_>) -> String;
}

impl BlankValue for str {
    type Arg<'a> = &'a str;
    fn text(value: &str) -> String {
        value.to_owned()
    }
}

macro_rules! number_blanks {
    ($($number:ty),*) => {$(
        impl BlankValue for $number {
            type Arg<'a> = $number;
            fn text(value: $number) -> String {
                value.to_string()
            }
        }
    )*};
}
number_blanks!(u16, u32, u64, usize);

/// A text with one blank.
pub struct Blank<T: ?Sized>(&'static str, PhantomData<fn(&T)>);

impl<T: ?Sized + BlankValue> Blank<T> {
    pub const fn new(text: &'static str) -> Self {
        Self(text, PhantomData)
    }

    pub fn with(&self, value: T::Arg<'_>) -> String {
        self.0.replacen("{}", &T::text(value), 1)
    }
}

/// A text with two blanks, filled in order.
pub struct Blank2<A: ?Sized, B: ?Sized>(&'static str, PhantomData<fn(&A, &B)>);

impl<A: ?Sized + BlankValue, B: ?Sized + BlankValue> Blank2<A, B> {
    pub const fn new(text: &'static str) -> Self {
        Self(text, PhantomData)
    }

    pub fn with(&self, first: A::Arg<'_>, second: B::Arg<'_>) -> String {
        self.0.replacen("{}", &A::text(first), 1).replacen("{}", &B::text(second), 1)
    }
}

// The i18n test reads the tables' `Debug` form: `Blank("…")` and
// `Blank2("…")` mark these.
impl<T: ?Sized> fmt::Debug for Blank<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Blank").field(&self.0).finish()
    }
}

impl<A: ?Sized, B: ?Sized> fmt::Debug for Blank2<A, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Blank2").field(&self.0).finish()
    }
}
