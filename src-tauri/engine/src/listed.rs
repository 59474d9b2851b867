//! `listed!` declares an enum together with `ALL`, every value in declaration order, so a list of
//! the values can never miss one (tests, catalogues and the lab walk these lists).

/// The number of identifiers given.
macro_rules! count {
    () => { 0usize };
    ($head:ident $($tail:ident)*) => { 1usize + count!($($tail)*) };
}

/// An enum of unit variants with `pub const ALL: [Self; N]`.
macro_rules! listed {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident),* $(,)? }
    ) => {
        $(#[$meta])*
        $vis enum $name { $($(#[$vmeta])* $variant),* }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; count!($($variant)*)] = [$($name::$variant),*];
        }
    };
}
