import type { Metadata } from "next";
import { Suspense } from "react";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { mailIsConfigured } from "@/lib/mail/send";

export const metadata: Metadata = { title: "Reset your password" };
export const dynamic = "force-dynamic";

export default function ForgotPasswordPage() {
  return (
    <Suspense>
      <ForgotPasswordForm mailConfigured={mailIsConfigured()} />
    </Suspense>
  );
}
